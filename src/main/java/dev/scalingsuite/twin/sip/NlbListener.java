package dev.scalingsuite.twin.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The NLB's TCP listener (port 80 on AWS, one loopback port here) in front of the target group's
 * port 8080: every accepted connection is a new flow, routed on its own by the load balancer model
 * (a random healthy target, fail-open when none is healthy), and its bytes are piped both ways to
 * the chosen task's agent. Routing per flow is what lets a retried webhook land on another task.
 *
 * <p>A flow whose target does not listen (its agent still initializing, or gone) is reset, as the
 * target's own TCP stack would reset the NLB's pass-through SYN. Each flow is recorded
 * ({@link #flows()}) for tests.
 */
final class NlbListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NlbListener.class.getName());
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int KEPT_FLOWS = 10_000;

    /** Where new flows go. */
    interface Targets {
        /** The task a new flow goes to: the load balancer's choice, empty when no target is registered. */
        Optional<String> route();

        /** The task's agent port (8080 in the model), empty when nothing listens there now. */
        Optional<InetSocketAddress> agentAddress(String taskId);
    }

    private final Targets targets;
    private final ServerSocket server;
    private final Thread acceptor;
    private final ExecutorService pipes;
    private final AtomicLong flowIds = new AtomicLong();
    private final Deque<NlbFlow> flows = new ArrayDeque<>();
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    NlbListener(int port, Targets targets) throws IOException {
        this(InetAddress.getLoopbackAddress(), port, targets);
    }

    /** The listener on {@code address} (the stack's own, inside its network). */
    NlbListener(InetAddress address, int port, Targets targets) throws IOException {
        this.targets = targets;
        this.server = new ServerSocket(port, 128, address);
        AtomicInteger n = new AtomicInteger();
        this.pipes = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "twin-nlb-flow-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::accept, "twin-nlb-listener");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    int port() {
        return server.getLocalPort();
    }

    /** The most recent flows (up to 10 000), oldest first. */
    List<NlbFlow> flows() {
        synchronized (flows) {
            return List.copyOf(flows);
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "the NLB listener stopped accepting", e);
                }
                return;
            }
            long id = flowIds.incrementAndGet();
            open.add(client);
            try {
                pipes.execute(() -> flow(id, client));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                reset(client);
            }
        }
    }

    private void flow(long id, Socket client) {
        Optional<String> taskId;
        try {
            taskId = targets.route();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "routing a flow failed", e);
            taskId = Optional.empty();
        }
        if (taskId.isEmpty()) {
            record(id, null, "no_target");
            reset(client);
            return;
        }
        Optional<InetSocketAddress> agent = targets.agentAddress(taskId.get());
        Socket target = new Socket();
        open.add(target);
        try {
            if (agent.isEmpty()) {
                throw new IOException("nothing listens on the target");
            }
            target.setTcpNoDelay(true);
            target.connect(agent.get(), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            record(id, taskId.get(), "reset");
            close(target);
            reset(client);
            return;
        }
        record(id, taskId.get(), "proxied");
        try {
            client.setTcpNoDelay(true);
        } catch (SocketException e) {
            // not worth failing the flow for
        }
        // the upstream direction on another thread, the downstream one on this
        try {
            pipes.execute(() -> pipe(client, target));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            close(target);
            reset(client);
            return;
        }
        pipe(target, client);
    }

    /** Copies until EOF, then half-closes the other side; the side that finishes second closes both. */
    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side reset or closed: end the flow
            close(from);
            close(to);
            return;
        }
        synchronized (this) {
            // both directions done once each socket's output has been shut down by its pipe
            if (from.isOutputShutdown() && to.isOutputShutdown()) {
                close(from);
                close(to);
            }
        }
    }

    private void record(long id, String taskId, String outcome) {
        synchronized (flows) {
            flows.addLast(new NlbFlow(id, Instant.now(), taskId, outcome));
            while (flows.size() > KEPT_FLOWS) {
                flows.removeFirst();
            }
        }
    }

    /** Closes with an RST (linger 0), as a port nothing listens on answers. */
    private void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // closing anyway
        }
        close(socket);
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        pipes.shutdownNow();
        open.forEach(this::close);
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
