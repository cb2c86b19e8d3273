package dev.scalingsuite.fleet;

import java.time.Instant;

/** One occurrence of an agent's log event: its name, when the agent logged it, which task's log it is in. */
public record AgentEvent(String name, Instant at, String taskId) {
}
