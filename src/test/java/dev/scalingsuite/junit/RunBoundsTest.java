package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.config.Bounds;
import dev.scalingsuite.fleet.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounds of a run, checked against its model run time and its tasks' task-minutes; the first reached stays. */
class RunBoundsTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    private final List<TaskState> tasks = new ArrayList<>();
    private Instant now = START;

    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private RunBounds bounds(Duration maxRunTime, int maxTaskMinutes, int timeScale) {
        return new RunBounds(new Bounds(maxRunTime, maxTaskMinutes, "default", "default"), START,
                new TimeScale(timeScale), () -> List.copyOf(tasks), clock);
    }

    /** A task whose image pull began {@code pulledAt} seconds (wall) after the run's start, still running. */
    private void task(String id, long pulledAt) {
        Instant pull = START.plusSeconds(pulledAt);
        tasks.add(new TaskState(id, "10.0.0.1", "RUNNING", "RUNNING", pull.minusSeconds(14), pull, null,
                pull.plusSeconds(54), null, null, false, null, "unknown", 0, "td:1"));
    }

    @Test
    void theRunTimeIsModelTime() {
        RunBounds bounds = bounds(Duration.ofMinutes(20), 600, 10);
        now = START.plusSeconds(119);
        bounds.check();
        assertThat(bounds.reached()).isEmpty();

        now = START.plusSeconds(120); // 20 model minutes at time scale 10
        assertThatThrownBy(bounds::check).isInstanceOf(BoundReached.class)
                .hasMessage("aborted: max-run-time 20m reached: 20m since the run started");
        assertThat(bounds.reached()).contains("max-run-time 20m reached: 20m since the run started");
    }

    @Test
    void theTaskMinutesAreTheTasksSeenAsFargateBillsThem() {
        RunBounds bounds = bounds(Duration.ofMinutes(90), 30, 1);
        for (int i = 0; i < 6; i++) {
            task("t" + i, 0);
        }
        now = START.plusSeconds(299); // 6 x 299 s = 29.9 task-minutes
        assertThat(bounds.reachedNow()).isEmpty();

        now = START.plusSeconds(304);
        assertThatThrownBy(bounds::check).isInstanceOf(BoundReached.class)
                .hasMessage("aborted: max-task-minutes 30 reached: 30.4 task-minutes over 6 tasks");
        assertThat(((BoundReached) org.assertj.core.api.Assertions.catchThrowable(bounds::check)).reason())
                .isEqualTo("max-task-minutes 30 reached: 30.4 task-minutes over 6 tasks");
    }

    @Test
    void theFirstBoundReachedStaysTheOneNamed() {
        RunBounds bounds = bounds(Duration.ofMinutes(10), 5, 1);
        task("t0", 0);
        now = START.plusSeconds(301);
        assertThat(bounds.reachedNow()).contains("max-task-minutes 5 reached: 5.0 task-minutes over 1 task");

        now = START.plusSeconds(3600);
        assertThat(bounds.reachedNow()).contains("max-task-minutes 5 reached: 5.0 task-minutes over 1 task");
    }
}
