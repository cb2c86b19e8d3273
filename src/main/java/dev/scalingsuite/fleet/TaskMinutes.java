package dev.scalingsuite.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What a run's tasks cost in Fargate's billing unit, task-minutes, read from the lifecycle timestamps
 * ECS reports (DescribeTasks). AWS Fargate pricing (https://aws.amazon.com/fargate/pricing/): a task is
 * billed "from the time you start to download your container image until the Amazon ECS Task
 * terminates, rounded up to the nearest second", per second with a one-minute minimum (Linux). So a
 * task counts from its {@code pullStartedAt} to its {@code stoppedAt}, or to now while it has not
 * stopped, whole seconds rounded up, at least a minute.
 * <p>
 * Only the run's share: a task that was running when the run started (the baseline's) counts from the
 * run's start, without the minimum, which it was billed before the run. Times are model time (against
 * the twin every wall duration is multiplied by the time scale), so a twin run costs what the same run
 * on AWS would.
 *
 * @param tasks every task the run was billed for, with the seconds it counts
 */
public record TaskMinutes(List<Task> tasks) {

    public static final TaskMinutes NONE = new TaskMinutes(List.of());

    /** Fargate's minimum charge per task (Linux). */
    static final long MINIMUM_SECONDS = 60;

    /**
     * One task's share of the run.
     *
     * @param billedFrom what its count starts from: {@code pullStartedAt}; {@code createdAt} when ECS reported
     *     no pull start for a task that went further (the pull began after its creation, so this never counts
     *     less than Fargate bills); {@code the run's start} for a task running before it
     * @param running it had not stopped: it counts to now
     * @param seconds the model seconds it counts, rounded up, the minimum applied
     */
    public record Task(String id, String billedFrom, boolean running, long seconds) {
    }

    public TaskMinutes {
        tasks = List.copyOf(tasks);
    }

    /**
     * @param seen every task of the service seen during the run, as last seen
     * @param runStart when the run started: what ran before it is not the run's
     * @param now when the count is made: a task not stopped counts to here
     * @param timeScale model seconds per wall second (1 against AWS)
     */
    public static TaskMinutes of(Collection<TaskState> seen, Instant runStart, Instant now, int timeScale) {
        List<Task> tasks = new ArrayList<>();
        for (TaskState task : seen) {
            Instant billingStart;
            String from;
            if (task.pullStartedAt() != null) {
                billingStart = task.pullStartedAt();
                from = "pullStartedAt";
            } else if (task.startedAt() != null && task.createdAt() != null) {
                billingStart = task.createdAt();
                from = "createdAt";
            } else {
                continue; // no image pull began: Fargate has not billed it (yet)
            }
            Instant end = task.stoppedAt() != null && task.stoppedAt().isBefore(now) ? task.stoppedAt() : now;
            boolean inRun = !billingStart.isBefore(runStart);
            Instant start = inRun ? billingStart : runStart;
            if (!end.isAfter(start)) {
                continue; // stopped before the run began
            }
            long millis = Duration.between(start, end).toMillis() * timeScale;
            long seconds = (millis + 999) / 1000;
            tasks.add(new Task(task.id(), inRun ? from : "the run's start", task.stoppedAt() == null,
                    inRun ? Math.max(MINIMUM_SECONDS, seconds) : seconds));
        }
        return new TaskMinutes(tasks);
    }

    /** The task-minutes of every task together. */
    public double total() {
        return tasks.stream().mapToLong(Task::seconds).sum() / 60.0;
    }

    /** {@code 30.4 task-minutes over 6 tasks}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f task-minutes over %d task%s", total(), tasks.size(),
                tasks.size() == 1 ? "" : "s");
    }
}
