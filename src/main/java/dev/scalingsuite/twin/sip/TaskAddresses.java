package dev.scalingsuite.twin.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network address of each task, as a task on Fargate has an ENI of its own: its agent's HTTP port,
 * its SIP side and its calls' RTP ports all listen there. One address (loopback) is shared by every task,
 * each on ports of its own; a pool gives each task one address of its own while it has anything open.
 *
 * <p>The pool is made beforehand (a /32 per address on the stack's dummy interface, added once when its
 * network namespace is built) rather than an address added and removed as each task starts and stops:
 * the twin then needs no privilege and runs no {@code ip} command while it runs, and a task's start costs
 * no process. An address freed by a task that is gone goes to the back of the line, so it is given again
 * as late as possible (a late packet for the old task never reaches a new one).
 */
final class TaskAddresses {

    private final List<InetAddress> free = new ArrayList<>();
    private final Map<String, InetAddress> assigned = new HashMap<>();
    private final InetAddress shared;

    /** @param addresses one address every task shares, or the pool, one address per task */
    TaskAddresses(List<String> addresses) throws UnknownHostException {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no task address");
        }
        List<InetAddress> all = new ArrayList<>();
        for (String address : addresses) {
            all.add(InetAddress.getByName(address));
        }
        this.shared = all.size() == 1 ? all.get(0) : null;
        if (shared == null) {
            free.addAll(all);
        }
    }

    /** Every task on the loopback address. */
    static TaskAddresses loopback() {
        try {
            return new TaskAddresses(List.of("127.0.0.1"));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The task's address, given it now if it has none. */
    synchronized InetAddress of(String taskId) throws IOException {
        if (shared != null) {
            return shared;
        }
        InetAddress address = assigned.get(taskId);
        if (address != null) {
            return address;
        }
        if (free.isEmpty()) {
            throw new IOException("every one of the twin's " + assigned.size() + " task addresses is in use "
                    + "(setting taskAddresses)");
        }
        address = free.remove(0);
        assigned.put(taskId, address);
        return address;
    }

    /** The tasks that hold an address of their own. */
    synchronized Set<String> holders() {
        return Set.copyOf(assigned.keySet());
    }

    /** A task that is gone gives its address back. */
    synchronized void release(String taskId) {
        InetAddress address = assigned.remove(taskId);
        if (address != null) {
            free.add(address);
        }
    }
}
