package dev.scalingsuite.twin.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingsuite.twin.LocalSessionTable;
import dev.scalingsuite.twin.model.MetricStore.MetricId;
import dev.scalingsuite.twin.model.MetricStore.Sample;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TaskRecord;
import dev.scalingsuite.twin.stack.SessionTable;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The session counter and the agents' heartbeats as the deployed stack has them
 * (infrastructure/src/functions/session-counter/handler.py, backend/voice-agent/app/session_tracker.py):
 * the scheduler, the agents and the counter run on the twin's own instants, ticked every half model
 * second as the control plane ticks them, against a session table in DynamoDB Local; the counter runs
 * on each period boundary, after the agents' tick, as the control plane queues it.
 */
class SessionCounterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalSessionTable dynamo;

    @BeforeAll
    static void startDynamo() {
        dynamo = LocalSessionTable.start();
    }

    @AfterAll
    static void stopDynamo() throws Exception {
        dynamo.close();
    }

    /** The control plane's parts on a clock the test moves; the start is 15 model seconds past a period boundary. */
    private static final class Plane {
        final ControlPlaneOnAClock.MovingClock clock;
        final StackModel stack;
        final SessionTable table;
        final Agents agents;
        final EcsScheduler scheduler;
        final SessionCounter counter;
        final List<TaskRecord> tasks;
        final Instant start;
        /** The period boundary before the start: the counter runs at {@code boundary0 + n x 60} model seconds. */
        final Instant boundary0;
        private Instant lastBoundary;

        Plane(Map<String, String> settings) {
            Map<String, String> properties = new HashMap<>();
            settings.forEach((k, v) -> properties.put("twin." + k, v));
            TwinSettings twin = TwinSettings.of(properties, "twin.");
            // now, not a fixed date: DynamoDB Local deletes items whose TTL has passed
            long period = Duration.ofSeconds(60).toMillis() / twin.timeScale();
            boundary0 = Instant.ofEpochMilli(System.currentTimeMillis() / period * period);
            clock = new ControlPlaneOnAClock.MovingClock(boundary0);
            stack = new StackModel(twin, clock);
            clock.advance(stack.wall(15));
            start = clock.instant();
            lastBoundary = boundary0;
            table = dynamo.newTable();
            agents = new Agents(stack, table, Runnable::run);
            scheduler = new EcsScheduler(stack, agents);
            counter = new SessionCounter(stack, table);
            tasks = stack.ecs().tasksWithStatus("RUNNING");
            for (TaskRecord task : tasks) {
                // as the twin starts: a heartbeat for each running task, then the agents it adopts
                table.heartbeat(task.id(), 0, start, start.plus(stack.wall(SessionTable.HEARTBEAT_TTL_SECONDS)));
                agents.adopt(task, start);
            }
        }

        /** Runs the control plane until {@code modelSeconds} after the start, half a model second per tick. */
        void runTo(double modelSeconds) {
            Instant end = start.plus(stack.wall(modelSeconds));
            while (clock.instant().isBefore(end)) {
                clock.advance(stack.wall(0.5));
                Instant now = clock.instant();
                scheduler.tick(now);
                scheduler.checkStopping(now);
                agents.tick(now);
                Instant next = lastBoundary.plus(stack.wall(60));
                if (!next.isAfter(now)) {
                    lastBoundary = next;
                    counter.count(next);
                }
            }
        }

        /** The counter's run {@code n} periods after {@link #boundary0}. */
        Instant run(int n) {
            return boundary0.plus(stack.wall(60.0 * n));
        }

        /** The value the counter published at {@code at}, by {@code Environment} alone. */
        double metric(String name, Instant at) {
            return metric(name, Map.of("Environment", "poc"), at);
        }

        double metric(String name, Map<String, String> dims, Instant at) {
            List<Sample> samples = stack.metrics().samples(new MetricId(StackModel.SESSIONS_NAMESPACE, name, dims),
                    at, at.plusMillis(1));
            assertThat(samples).as(name + " " + dims + " at " + at).hasSize(1);
            return samples.get(0).maximum();
        }

        /** The counter's log lines of this event, oldest first. */
        List<JsonNode> lines(String event) {
            return stack.logs().events(stack.settings().sessionCounterLogGroup()).stream().map(e -> {
                try {
                    return JSON.readTree(e.message());
                } catch (java.io.IOException x) {
                    throw new UncheckedIOException(x);
                }
            }).filter(line -> line.path("event").asText().equals(event)).toList();
        }

        SessionTable.Heartbeat heartbeat(TaskRecord task) {
            return table.heartbeats().stream().filter(h -> h.taskId().equals(task.id())).findFirst().orElseThrow();
        }

        /** Writes an item as it is given, every value a string. */
        void putItem(Map<String, String> item) {
            Map<String, AttributeValue> values = new HashMap<>();
            item.forEach((k, v) -> values.put(k, AttributeValue.builder().s(v).build()));
            dynamo.dynamo().putItem(b -> b.tableName(table.name()).item(values));
        }

        software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo() {
            return dynamo.dynamo();
        }

        Instant at(double modelSeconds) {
            return start.plus(stack.wall(modelSeconds));
        }
    }

    @Test
    void anAgentThatDrainsAndExitsLeavesItsHeartbeatToGoStale() {
        Plane p = new Plane(Map.of());
        TaskRecord task = p.tasks.get(0);
        p.runTo(40); // heartbeats at 0 and 30 s
        assertThat(p.heartbeat(task).updatedAt()).isEqualTo(p.at(30));

        p.agents.sigterm(task.id(), p.clock.instant());
        assertThat(p.agents.drained(task.id(), p.clock.instant())).as("no calls: exits at once").isTrue();
        p.runTo(200);

        // the item is still there, written last at 30 s; the counter counts it while it is fresher than 90 s
        assertThat(p.heartbeat(task).updatedAt()).as("not deleted, not rewritten").isEqualTo(p.at(30));
        assertThat(p.metric("HealthyTaskCount", p.run(1))).as("45 s after the start: 15 s old").isEqualTo(1);
        assertThat(p.metric("HealthyTaskCount", p.run(2))).as("75 s old").isEqualTo(1);
        assertThat(p.metric("HealthyTaskCount", p.run(3))).as("135 s old").isEqualTo(0);
    }

    @Test
    void maxSessionsPerTaskCountsTheLiveSessionItemsNotTheLastHeartbeat() {
        Plane p = new Plane(Map.of());
        TaskRecord task = p.tasks.get(0);
        p.runTo(40); // heartbeats at 0 and 30 s, both with no session
        assertThat(p.agents.startSession(task.id(), "call-1")).isEmpty();
        assertThat(p.agents.startSession(task.id(), "call-2")).isEmpty();
        p.runTo(50); // the counter runs at 45 s, before the next heartbeat (60 s)

        assertThat(p.heartbeat(task).activeSessions()).as("the heartbeat the counter saw").isZero();
        assertThat(p.metric("MaxSessionsPerTask", p.run(1))).isEqualTo(2);
        Map<String, String> byTask = Map.of("Environment", "poc", "TaskId", SessionCounter.shortId(task.id()));
        assertThat(p.metric("SessionsPerTask", byTask, p.run(1))).isEqualTo(2);
        assertThat(p.metric("SessionsPerTask", p.run(1))).isEqualTo(2);
        assertThat(p.lines("session_count_completed")).singleElement().satisfies(line -> {
            assertThat(line.get("maxSessionsPerTask").asInt()).isEqualTo(2);
            assertThat(line.get("taskSessionCounts").toString()).isEqualTo("{\"" + task.id() + "\":2}");
        });
    }

    @Test
    void withNoHealthyTaskSessionsPerTaskIsZero() {
        Plane p = new Plane(Map.of());
        // an active session item with no task_id: the counter never reaps it (handler.py:86-90)
        p.putItem(Map.of("PK", "SESSION#no-task", "SK", "METADATA", "GSI1PK", "STATUS#active",
                "GSI1SK", "0#no-task", "session_id", "no-task", "status", "active"));
        Instant at = p.run(4); // 225 s after the start: the only heartbeat, at the start, is stale

        p.counter.count(at);

        assertThat(p.metric("ActiveCount", at)).isEqualTo(1);
        assertThat(p.metric("HealthyTaskCount", at)).isEqualTo(0);
        assertThat(p.metric("SessionsPerTask", at)).as("not active / max(healthy, 1)").isEqualTo(0);
        assertThat(p.metric("MaxSessionsPerTask", at)).isEqualTo(0);
    }

    @Test
    void aHeartbeatCountsWhileItsUpdatedAtIsStrictlyAfterTheRunMinus90Seconds() {
        Plane p = new Plane(Map.of());
        Instant at = p.run(3); // the plane's own task last wrote at its start, 165 s before
        Instant expires = at.plus(p.stack.wall(SessionTable.HEARTBEAT_TTL_SECONDS));
        p.table.heartbeat("task-fresh-aaaaaaaaaaaa", 0, at.minus(p.stack.wall(89.9)), expires);
        p.table.heartbeat("task-stale-bbbbbbbbbbbb", 0, at.minus(p.stack.wall(90)), expires);

        p.counter.count(at);

        assertThat(p.metric("HealthyTaskCount", at)).isEqualTo(1);
        assertThat(p.metric("SessionsPerTask", Map.of("Environment", "poc", "TaskId", "aaaaaaaaaaaa"), at))
                .isEqualTo(0);
        assertThat(p.stack.metrics().metrics()).noneMatch(id -> id.dimensions().containsValue("bbbbbbbbbbbb"));
    }

    @Test
    void theSessionsOfACrashedTaskStayActiveUntilItsHeartbeatIsStaleThenTheCounterReapsThem() {
        Plane p = new Plane(Map.of("minCapacity", "2"));
        TaskRecord alive = p.tasks.get(0);
        TaskRecord crashed = p.tasks.get(1);
        p.runTo(35); // heartbeats at 0 and 30 s
        assertThat(p.agents.startSession(alive.id(), "call-a1")).isEmpty();
        p.runTo(36);
        assertThat(p.agents.startSession(crashed.id(), "call-b1")).isEmpty();
        p.runTo(37);
        assertThat(p.agents.startSession(crashed.id(), "call-b2")).isEmpty();
        p.runTo(40);
        crashed.stopReason("EssentialContainerExited", "Essential container in task exited");
        p.scheduler.kill(crashed, p.clock.instant(), "task_crashed");

        // the container is gone: nothing marked its sessions ended
        assertThat(p.table.activeSessionItems()).extracting(SessionTable.ActiveSession::sessionId)
                .containsExactlyInAnyOrder("call-a1", "call-b1", "call-b2");
        p.runTo(170);

        // 45 and 105 s: its last heartbeat (30 s) is 15 and 75 s old, so the task still counts, with its calls
        for (int run = 1; run <= 2; run++) {
            assertThat(p.metric("ActiveCount", p.run(run))).isEqualTo(3);
            assertThat(p.metric("MaxSessionsPerTask", p.run(run))).isEqualTo(2);
        }
        // 165 s: 135 s old; its sessions are orphans, marked ended and left out of the count
        Instant reapedAt = p.run(3);
        assertThat(p.metric("ActiveCount", reapedAt)).isEqualTo(1);
        assertThat(p.metric("MaxSessionsPerTask", reapedAt)).isEqualTo(1);
        assertThat(p.lines("orphaned_sessions_reaped")).singleElement().satisfies(line -> {
            assertThat(line.get("count").asInt()).isEqualTo(2);
            assertThat(line.get("session_ids")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("call-b1", "call-b2");
        });
        List<JsonNode> completed = p.lines("session_count_completed");
        assertThat(completed).extracting(line -> line.get("reapedOrphanedSessions").asInt()).containsExactly(0, 0, 2);
        assertThat(completed.get(2).get("activeSessionCount").asInt()).isEqualTo(1);
        assertThat(p.table.activeSessionItems()).extracting(SessionTable.ActiveSession::sessionId)
                .containsExactly("call-a1");

        Map<String, AttributeValue> item = p.dynamo().getItem(b -> b.tableName(p.table.name()).key(Map.of(
                "PK", AttributeValue.builder().s("SESSION#call-b1").build(),
                "SK", AttributeValue.builder().s("METADATA").build()))).item();
        String seconds = SessionTable.epochSeconds(reapedAt);
        assertThat(item.get("status").s()).isEqualTo("ended");
        assertThat(item.get("end_status").s()).isEqualTo("orphaned");
        assertThat(item.get("GSI1PK").s()).isEqualTo("STATUS#ended");
        assertThat(item.get("GSI1SK").s()).isEqualTo(seconds + "#call-b1");
        assertThat(item.get("ended_at").n()).isEqualTo(seconds);
        assertThat(item.get("updated_at").n()).isEqualTo(seconds);
        // an hour (model time) later: 360 wall seconds at time scale 10
        assertThat(Long.parseLong(item.get("TTL").n())).isEqualTo(reapedAt.plusSeconds(360).getEpochSecond());
    }

    @Test
    void anAgentThatDrainsEndsItsSessionsItselfSoNothingIsReaped() {
        Plane p = new Plane(Map.of("drainTimeout", "5"));
        TaskRecord task = p.tasks.get(0);
        p.runTo(35);
        assertThat(p.agents.startSession(task.id(), "call-1")).isEmpty();
        p.agents.sigterm(task.id(), p.clock.instant());
        p.runTo(40);
        assertThat(p.agents.drained(task.id(), p.clock.instant())).as("gave up after 5 s").isTrue();
        p.runTo(230);

        assertThat(p.table.activeSessionItems()).isEmpty();
        assertThat(p.lines("orphaned_sessions_reaped")).isEmpty();
        assertThat(p.lines("session_count_completed")).allSatisfy(line ->
                assertThat(line.get("reapedOrphanedSessions").asInt()).isZero());
    }
}
