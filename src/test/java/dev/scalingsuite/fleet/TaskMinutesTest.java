package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Task-minutes as Fargate bills them: from the image pull to the stop (or now), per second, a minute at least. */
class TaskMinutesTest {

    private static final Instant RUN_START = Instant.parse("2026-11-23T10:00:00Z");

    private static Instant at(double seconds) {
        return RUN_START.plusMillis(Math.round(seconds * 1000));
    }

    /** A task with the lifecycle timestamps ECS reports; null where ECS reports none. */
    private static TaskState task(String id, Instant created, Instant pullStarted, Instant started, Instant stopped) {
        return new TaskState(id, "10.0.0.1", stopped == null ? "RUNNING" : "STOPPED", "RUNNING", created, pullStarted,
                null, started, stopped, stopped, false, null, "unknown", 0, "td:1");
    }

    @Test
    void aTaskThatRanTwentySecondsCountsOneMinute() {
        TaskMinutes minutes = TaskMinutes.of(List.of(task("a", at(5), at(10), at(25), at(30))), RUN_START, at(600), 1);

        assertThat(minutes.tasks()).containsExactly(new TaskMinutes.Task("a", "pullStartedAt", false, 60));
        assertThat(minutes.total()).isEqualTo(1.0);
        assertThat(minutes).hasToString("1.0 task-minutes over 1 task");
    }

    @Test
    void aTaskStillRunningCountsToNowInWholeSecondsRoundedUp() {
        TaskMinutes minutes = TaskMinutes.of(List.of(task("a", at(0), at(14), at(70), null)), RUN_START, at(164.2), 1);

        // 150.2 s from the pull start: 151 s
        assertThat(minutes.tasks()).containsExactly(new TaskMinutes.Task("a", "pullStartedAt", true, 151));
        assertThat(minutes.total()).isCloseTo(151 / 60.0, within(1e-9));
        assertThat(minutes).hasToString("2.5 task-minutes over 1 task");
    }

    @Test
    void withoutAPullStartATaskThatWentFurtherCountsFromItsCreation() {
        // the pull lies between creation and start: from the creation the count is never below what Fargate bills
        TaskMinutes minutes = TaskMinutes.of(List.of(task("a", at(0), null, at(40), at(100))), RUN_START, at(600), 1);

        assertThat(minutes.tasks()).containsExactly(new TaskMinutes.Task("a", "createdAt", false, 100));
    }

    @Test
    void aTaskWhoseImagePullHasNotBegunIsNotBilled() {
        TaskMinutes minutes = TaskMinutes.of(List.of(task("pending", at(0), null, null, null),
                task("never-placed", at(0), null, null, at(20))), RUN_START, at(600), 1);

        assertThat(minutes.tasks()).isEmpty();
        assertThat(minutes).hasToString("0.0 task-minutes over 0 tasks");
    }

    @Test
    void aTaskFromBeforeTheRunCountsFromTheRunsStartWithoutTheMinimum() {
        Instant hourBefore = RUN_START.minusSeconds(3600);
        TaskMinutes minutes = TaskMinutes.of(List.of(task("baseline", hourBefore, hourBefore, hourBefore, null),
                task("stopped-before", hourBefore, hourBefore, hourBefore, RUN_START.minusSeconds(1)),
                task("stopped-early", hourBefore, hourBefore, hourBefore, at(12))), RUN_START, at(30), 1);

        assertThat(minutes.tasks()).containsExactly(new TaskMinutes.Task("baseline", "the run's start", true, 30),
                new TaskMinutes.Task("stopped-early", "the run's start", false, 12));
    }

    @Test
    void theTwinsWallTimeCountsAsModelTime() {
        // at time scale 10, 6 s of wall time are a minute; 6.01 s are 60.1 s, rounded up to 61
        TaskMinutes minutes = TaskMinutes.of(List.of(task("a", at(0), at(0), at(1), at(6)),
                task("b", at(0), at(0), at(1), at(6.01)), task("c", at(0), at(0), at(1), at(2))), RUN_START, at(10), 10);

        assertThat(minutes.tasks()).extracting(TaskMinutes.Task::seconds).containsExactly(60L, 61L, 60L);
    }

    @Test
    void theTotalIsTheSumOverTheTasks() {
        List<TaskState> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(task("t" + i, at(i), at(i + 1), at(i + 50), at(i + 1 + 304)));
        }

        assertThat(TaskMinutes.of(six, RUN_START, at(3600), 1)).hasToString("30.4 task-minutes over 6 tasks");
    }
}
