package dev.scalingsuite.junit;

import static org.awaitility.Awaitility.await;

import dev.scalingsuite.config.Waits;
import dev.scalingsuite.fleet.EarliestScaling;
import dev.scalingsuite.fleet.FleetQuantity;
import dev.scalingsuite.fleet.NotMeasuredError;
import dev.scalingsuite.fleet.RunHistory;
import dev.scalingsuite.fleet.ScaleInBound;
import dev.scalingsuite.fleet.finding.NotMeasured;
import dev.scalingsuite.fleet.finding.Source;
import dev.scalingsuite.load.SippRun;
import dev.scalingsuite.scenario.Condition;
import dev.scalingsuite.scenario.NotBefore;
import dev.scalingsuite.scenario.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * Runs one step against the fleet: acts on the load, or polls the monitors' latest snapshot until
 * the step's conditions hold. Every wait extends one base condition (no poll delay, an interval of
 * two model seconds, failing fast on the first violated invariant or the first bound of the run
 * reached, which aborts it) with only an alias and a bound,
 * so the alias, the expected and the actual values and the last timeline events are in every
 * failure.
 */
final class StepRunner {

    private static final String INVARIANT_BROKEN = "an invariant does not hold";
    /** How long past the metrics' next reads a not-before waits for them (wall time). */
    private static final Duration METRICS_WAIT_SLACK = Duration.ofSeconds(5);
    /** How long past its end a hold may wait for its last poll: only a poll that hangs reaches it (wall time). */
    private static final Duration HOLD_BOUND_SLACK = Duration.ofSeconds(30);
    /**
     * How long the invariants get to name the cause of a broken hold (model time): the longest an
     * invariant waits before it judges (a stop, protection: the heartbeats' lag) and half a minute of
     * polls more; and at least (wall).
     */
    private static final Duration CAUSE_GRACE = InvariantGuard.HEARTBEAT_LAG.plusSeconds(30);
    private static final Duration MIN_CAUSE_GRACE = Duration.ofSeconds(2);

    private final RunContext run;
    private final Duration pollInterval;
    private final ConditionFactory polling;
    /** When the latest place-calls step started: the load a scale-out's not-before counts from. */
    private Optional<Instant> loadStarted = Optional.empty();
    /** When the latest end-calls or end-all-calls step started: what a scale-in's not-before counts from. */
    private Optional<Instant> loadEnded = Optional.empty();

    StepRunner(RunContext run) {
        this.run = run;
        this.pollInterval = Duration.ofMillis(Math.max(50, Math.min(1000,
                run.timeScale().wall(Duration.ofSeconds(2)).toMillis())));
        this.polling = await().pollDelay(Duration.ZERO).pollInterval(pollInterval)
                .failFast(INVARIANT_BROKEN, () -> {
                    checkGuards();
                    run.bounds().check();
                    run.load().check();
                });
    }

    /** Runs a step; returns what it did or saw. */
    String execute(Step step) {
        Instant started = Clock.systemUTC().instant();
        if (step instanceof Step.PlaceCalls p) {
            loadStarted = Optional.of(started);
            List<SippRun> sipp = run.load().place(p.count(), p.rate(), run.timeScale().wall(p.period()),
                    p.limit().orElse(p.count()));
            if (sipp.size() == 1) {
                return "SIPp " + sipp.get(0).runId() + " placing " + p.count() + " calls";
            }
            // several load hosts: each instance, its part of the calls and its host
            return "SIPp " + sipp.stream().map(s -> s.runId() + " placing " + s.spec().count() + " calls on "
                    + s.hostName()).collect(Collectors.joining(", "));
        } else if (step instanceof Step.Expect e) {
            Optional<NotBeforeCheck> notBefore = e.notBefore().map(n -> notBefore(e, n, started));
            String allowed = expect(e.index(), e.conditions(), e.scaleInPolicy() ? scaleInBound() : e.within(),
                    e.scaleInPolicy() ? " (the live policy's scale-in bound)" : "", notBefore);
            return observed(step) + (allowed.isEmpty() ? "" : "; " + allowed);
        } else if (step instanceof Step.Hold h) {
            String allowed = hold(h.index(), h.expect(), h.duration());
            return (h.expect().isEmpty() ? "waited" : observed(step)) + (allowed.isEmpty() ? "" : "; " + allowed);
        } else if (step instanceof Step.EndCalls e) {
            loadEnded = Optional.of(started);
            return run.load().end(e.count()) + " calls ended";
        } else if (step instanceof Step.EndAllCalls) {
            loadEnded = Optional.of(started);
            run.load().endAll();
            return "INFO sent to every SIPp instance";
        } else if (step instanceof Step.Deploy d) {
            return run.rollouts().deploy(d);
        }
        throw new IllegalStateException("No runner for step " + step.describe());
    }

    /** What the fleet showed of a step's quantities, after it ended. */
    String observed(Step step) {
        List<Condition> conditions = StepText.conditions(step);
        if (conditions.isEmpty()) {
            return "-";
        }
        try {
            return Expectations.observed(conditions, run.monitor().latest(), run.calls()::live);
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The invariants, then whether a rollout the run started failed. */
    private void checkGuards() {
        run.guard().check();
        run.rollouts().check(run.monitor().latest());
    }

    /** Checks the invariants once, after a step that does not poll. */
    void checkInvariants(String during) {
        try {
            checkGuards();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (after " + during + ")" + withTimeline(), e);
        }
    }

    /**
     * The not-before of an expect starting at {@code started}: a policy's is derived from the live configuration
     * read now, its breach counted from the latest place-calls step (scale-out) or end-calls / end-all-calls step
     * (scale-in) before it, or else from the step's start.
     */
    private NotBeforeCheck notBefore(Step.Expect e, NotBefore notBefore, Instant started) {
        var ports = run.suite().ports();
        List<EarliestScaling.Path> paths = notBefore.policy().isEmpty() ? List.of()
                : NotBeforeCheck.paths(notBefore, ports.scaling().configuration());
        Instant anchor = notBefore.policy().map(p -> p == NotBefore.Policy.SCALE_OUT ? loadStarted : loadEnded)
                .flatMap(a -> a).orElse(started);
        NotBeforeCheck check = new NotBeforeCheck(e.index(), e.conditions(), notBefore, started, anchor, paths,
                run.clock(), ports, run.suite().telemetry());
        run.timeline().append(started, "bound", Map.of("notBefore", check.explanation()));
        return check;
    }

    /** The bound for scaling in from the current desired count, derived from the live policy now. */
    private Duration scaleInBound() {
        var ports = run.suite().ports();
        int desired = run.monitor().latest().service().desired();
        ScaleInBound bound = ScaleInBound.of(ports.scaling().configuration(), ports.targets().settings(), desired)
                .orElseThrow(() -> new AssertionError("within: " + Step.Expect.SCALE_IN_POLICY + " needs a scale-in "
                        + "policy, but the live configuration has none (a step policy with a negative adjustment, or "
                        + "target tracking with scale-in enabled); write a duration instead"));
        run.timeline().append(Clock.systemUTC().instant(), "bound", Map.of("scaleIn", bound.explanation()));
        return bound.model();
    }

    /**
     * Waits until the conditions hold. At the bound, conditions whose data never came (the last poll found
     * them not measured, and every other condition holding) end the step not measured: it fails unless the
     * scenario allows them, and then returns what was not measured. With a not-before, the poll at which they
     * first held is judged against it ({@link NotBeforeCheck}).
     */
    private String expect(int index, List<Condition> conditions, Duration within, String why,
            Optional<NotBeforeCheck> notBefore) {
        Duration atMost = run.timeScale().wall(within);
        String alias = "step " + index + ": " + StepText.describe(conditions) + " within " + StepText.show(within) + why;
        AtomicReference<NotMeasuredError> unmeasured = new AtomicReference<>();
        AtomicReference<Instant> heldAt = new AtomicReference<>();
        if (run.suite().config().waits() == Waits.FIXED) {
            sleepWithinBounds(atMost);
            try {
                verify(alias, conditions, unmeasured);
            } catch (AssertionError e) {
                run.measurements().step(index, conditions, List.of());
                notBefore.ifPresent(n -> run.measurements().notBefore(index, Optional.of(n.notPolled())));
                throw e;
            }
            return ended(index, alias, conditions, unmeasured.get(), notBefore.map(NotBeforeCheck::notPolled));
        }
        try {
            polling.alias(alias).atMost(atMost).untilAsserted(() -> {
                try {
                    check(conditions, unmeasured);
                } catch (NotMeasuredError e) {
                    throw e;
                } catch (AssertionError e) {
                    notBefore.ifPresent(n -> n.polled(Clock.systemUTC().instant(), true, false));
                    throw e;
                }
                heldAt.set(heldBy(conditions, Clock.systemUTC().instant()));
            });
        } catch (ConditionTimeoutException e) {
            if (unmeasured.get() == null) {
                run.measurements().step(index, conditions, List.of());
                notBefore.ifPresent(n -> run.measurements().notBefore(index, n.neverHeld()));
                throw new AssertionError(e.getMessage() + withTimeline(), e);
            }
        } catch (TerminalFailureException e) {
            throw invariantViolated(alias, e);
        }
        if (notBefore.isEmpty() || heldAt.get() == null) {
            return ended(index, alias, conditions, unmeasured.get(), notBefore.flatMap(NotBeforeCheck::neverHeld));
        }
        boolean metricsCaughtUp = metricsReadPast(alias, notBefore.get(), heldAt.get());
        NotBeforeCheck.Verdict verdict;
        try {
            verdict = notBefore.get().held(heldAt.get(), history(), metricsCaughtUp);
        } catch (AssertionError tooEarly) {
            run.measurements().step(index, conditions, List.of());
            run.measurements().notBefore(index, Optional.empty());
            throw new AssertionError(tooEarly.getMessage() + withTimeline(), tooEarly);
        }
        String ended = ended(index, alias, conditions, unmeasured.get(), verdict.notMeasured());
        return verdict.note() + (ended.isEmpty() ? "" : "; " + ended);
    }

    /**
     * A time by which the conditions that held at a poll returning at {@code returned} were true: for conditions
     * on the service counts alone, when the DescribeServices call they were read from had returned (a step's
     * poll comes later, and later still on a busy machine); else when the poll returned.
     */
    private Instant heldBy(List<Condition> conditions, Instant returned) {
        boolean serviceCounts = conditions.stream().allMatch(c -> c.kind().quantity() instanceof FleetQuantity
                && c.kind().quantity().source() == Source.ECS_SERVICE);
        Instant read = run.monitor().serviceReadBy();
        return serviceCounts && read.isBefore(returned) ? read : returned;
    }

    /**
     * Waits, checking the invariants and the run's bounds, until the metrics were read as far as a policy's
     * not-before needs to judge the poll at {@code heldAt}; whether they were.
     */
    private boolean metricsReadPast(String alias, NotBeforeCheck notBefore, Instant heldAt) {
        Optional<Instant> needed = notBefore.metricsNeededPast(heldAt, history());
        if (needed.isEmpty()) {
            return true;
        }
        Duration wait = Duration.between(Clock.systemUTC().instant(), needed.get()).plus(run.timeScale()
                .wall(run.suite().config().poll().metrics()).multipliedBy(2)).plus(METRICS_WAIT_SLACK);
        try {
            polling.alias(alias + ": the metrics read past " + run.clock().at(needed.get()) + " to judge not-before")
                    .atMost(wait.isNegative() ? METRICS_WAIT_SLACK : wait)
                    .until(() -> !metricsReadUpTo().isBefore(needed.get()));
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        } catch (TerminalFailureException e) {
            throw invariantViolated(alias, e);
        }
    }

    private Instant metricsReadUpTo() {
        return run.monitor().readUpTo().getOrDefault("metrics", Instant.EPOCH);
    }

    /** The run's history as the monitors read it so far. */
    private RunHistory history() {
        return RunHistory.of(run.timeline(), run.clock(), Clock.systemUTC().instant(), run.monitor().readUpTo());
    }

    /**
     * Records how a step's conditions ended: measured, or not measured at the step's end, which fails
     * the step unless the scenario allows each (then returns what was not measured).
     */
    private String ended(int index, String alias, List<Condition> conditions, NotMeasuredError unmeasured) {
        return ended(index, alias, conditions, unmeasured, Optional.empty());
    }

    /** The same, with how a not-before ended: measured, or not (it then fails the step unless allowed). */
    private String ended(int index, String alias, List<Condition> conditions, NotMeasuredError unmeasured,
            Optional<NotMeasured> notBefore) {
        List<NotMeasured> notMeasured = new ArrayList<>(unmeasured == null ? List.of() : unmeasured.notMeasured());
        notBefore.ifPresent(notMeasured::add);
        return run.measurements().stepEnded(index, alias, conditions, notMeasured);
    }

    /**
     * Checks the conditions at every poll until the hold's time is up, failing at the first poll where
     * one does not hold, with what it saw. The hold ends by the clock, not by a bound that a slow poll
     * could miss: the bound only guards against a poll that never returns.
     */
    private String hold(int index, List<Condition> conditions, Duration duration) {
        Duration wall = run.timeScale().wall(duration);
        String alias = "step " + index + ": " + (conditions.isEmpty() ? "the invariants" : StepText.describe(conditions))
                + " throughout " + StepText.show(duration);
        long start = System.nanoTime();
        AtomicReference<AssertionError> broken = new AtomicReference<>();
        AtomicReference<NotMeasuredError> unmeasured = new AtomicReference<>();
        try {
            polling.alias(alias).atMost(wall.plus(HOLD_BOUND_SLACK)).until(() -> {
                try {
                    check(conditions, unmeasured);
                } catch (NotMeasuredError e) {
                    // data missing at one poll breaks nothing; missing at the hold's last poll, it is not measured
                } catch (AssertionError e) {
                    broken.set(e);
                    return true;
                }
                return System.nanoTime() - start >= wall.toNanos();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + withTimeline(), e);
        } catch (TerminalFailureException e) {
            throw invariantViolated(alias, e);
        }
        if (broken.get() != null) {
            run.measurements().step(index, conditions, List.of());
            nameTheCauseFirst(alias);
            throw new AssertionError(alias + ": " + broken.get().getMessage() + withTimeline(), broken.get());
        }
        return ended(index, alias, conditions, unmeasured.get());
    }

    /**
     * A condition of a hold broke: an invariant that the same event breaks is its cause and is named
     * instead (a crashed task breaks {@code running = 1}, and the calls it held are counted as dropped a
     * moment later; ECS deciding to stop a busy task takes it out of the running count at once, and the
     * invariant judges the stop a minute later, once a call that was just ending would show as ended).
     * The invariants get the time their sources need to show it: that minute and half a minute more of
     * model time, at least two seconds of wall time.
     */
    private void nameTheCauseFirst(String alias) {
        Duration grace = max(run.timeScale().wall(CAUSE_GRACE), MIN_CAUSE_GRACE);
        long end = System.nanoTime() + grace.toNanos();
        while (true) {
            try {
                checkGuards();
            } catch (AssertionError invariant) {
                throw new AssertionError(invariant.getMessage() + " (during " + alias + ")" + withTimeline(), invariant);
            }
            run.bounds().check();
            if (System.nanoTime() >= end) {
                return;
            }
            sleep(pollInterval);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Checks the conditions on the latest snapshot, keeping in {@code unmeasured} whether this poll measured them. */
    private void check(List<Condition> conditions, AtomicReference<NotMeasuredError> unmeasured) {
        try {
            Expectations.check(conditions, run.monitor().latest(), run.calls()::live, run.clock(), run.suite().ports(),
                    Clock.systemUTC().instant());
            unmeasured.set(null);
        } catch (NotMeasuredError e) {
            unmeasured.set(e);
            throw e;
        } catch (AssertionError e) {
            unmeasured.set(null);
            throw e;
        }
    }

    /** Checks once more, so a failure names what did not hold rather than only the timeout. */
    private void verify(String alias, List<Condition> conditions, AtomicReference<NotMeasuredError> unmeasured) {
        try {
            check(conditions, unmeasured);
        } catch (NotMeasuredError e) {
            // ends the step not measured
        } catch (AssertionError e) {
            throw new AssertionError(alias + ": " + e.getMessage() + withTimeline(), e);
        }
    }

    /** The invariant the wait failed fast on, named with the step; or the bound of the run it reached, as is. */
    private AssertionError invariantViolated(String alias, TerminalFailureException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof BoundReached bound) {
            return bound;
        }
        return new AssertionError(cause.getMessage() + " (during " + alias + ")" + withTimeline(), cause);
    }

    String withTimeline() {
        return System.lineSeparator() + "Last timeline events:" + System.lineSeparator() + run.timeline().excerpt(12);
    }

    /** Sleeps {@code wall}, checking the run's bounds at every poll interval. */
    private void sleepWithinBounds(Duration wall) {
        long end = System.nanoTime() + wall.toNanos();
        for (long left = wall.toNanos(); left > 0; left = end - System.nanoTime()) {
            run.bounds().check();
            sleep(Duration.ofNanos(Math.min(left, pollInterval.toNanos())));
        }
    }

    private static void sleep(Duration wall) {
        try {
            Thread.sleep(wall.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
