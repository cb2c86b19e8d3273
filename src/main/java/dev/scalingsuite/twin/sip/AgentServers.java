package dev.scalingsuite.twin.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agents' HTTP servers, one per task whose agent serves: opened the first time something
 * connects to the task once its agent is up (a container's port answers only once the app
 * listens), closed once the agent has exited. All share two handler threads.
 */
final class AgentServers implements AutoCloseable {

    private final AgentPort agent;
    private final AgentHttp.RoomJoiner rooms;
    private final Map<String, AgentHttp> servers = new ConcurrentHashMap<>();
    private final ExecutorService handlers;
    private final TaskAddresses addresses;

    AgentServers(AgentPort agent, AgentHttp.RoomJoiner rooms) {
        this(agent, rooms, TaskAddresses.loopback());
    }

    /** Servers on each task's own address ({@code addresses}). */
    AgentServers(AgentPort agent, AgentHttp.RoomJoiner rooms, TaskAddresses addresses) {
        this.addresses = addresses;
        this.agent = agent;
        this.rooms = rooms;
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "twin-agent-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The task's agent port, opened if need be; empty while nothing listens there (not up yet, or exited). */
    Optional<InetSocketAddress> address(String taskId) {
        if (agent.status(taskId).filter(AgentPort.Status::serving).isEmpty()) {
            return Optional.ofNullable(servers.get(taskId)).map(AgentHttp::address);
        }
        try {
            return Optional.of(servers.computeIfAbsent(taskId, id -> {
                try {
                    return new AgentHttp(id, addresses.of(id), agent, rooms, handlers);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).address());
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The task's agent port if its server is open. */
    Optional<InetSocketAddress> openAddress(String taskId) {
        return Optional.ofNullable(servers.get(taskId)).map(AgentHttp::address);
    }

    /** Closes the servers of agents that have exited or are gone. */
    void closeGone() {
        for (AgentHttp server : servers.values()) {
            if (!agent.alive(server.taskId())) {
                servers.remove(server.taskId(), server);
                server.close();
            }
        }
    }

    @Override
    public void close() {
        servers.values().forEach(AgentHttp::close);
        servers.clear();
        handlers.shutdownNow();
    }
}
