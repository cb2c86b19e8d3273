package dev.scalingsuite.twin.sip;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Daily rooms of the deployed call path, reduced to what routes a call: the webhook creates a
 * room per session, the agent that starts the session joins it, and the front door then dials the
 * room's SIP URI ({@code sip:<session id>@...}), which reaches the task that joined. A room is
 * forgotten once its call leg arrived, or when nobody came (see {@link SipTwin}).
 */
final class Rooms {

    private final Map<String, String> taskOfRoom = new ConcurrentHashMap<>();

    /** The agent on {@code taskId} started the session and waits in its room. */
    void joined(String sessionId, String taskId) {
        taskOfRoom.put(sessionId, taskId);
    }

    /** The task waiting in the session's room, if any. */
    Optional<String> task(String sessionId) {
        return Optional.ofNullable(taskOfRoom.get(sessionId));
    }

    /** The room's call leg arrived at its task: the room is no longer waiting. */
    void arrived(String sessionId) {
        taskOfRoom.remove(sessionId);
    }

    /** Forgets a room nobody dialled; returns the task that waited in it, if it still did. */
    Optional<String> abandon(String sessionId) {
        return Optional.ofNullable(taskOfRoom.remove(sessionId));
    }
}
