package dev.scalingsuite.twin.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.model.TargetGroupModel.Target;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the NLB does with the results of its health checks, sent through a sender the test answers by
 * hand: the thresholds, the states and their reason, a timeout or a refused connection as a failure,
 * 200-399 as a pass, a result counted at the first tick after it came, no second check while one is in
 * flight. At time scale 1, so model and wall seconds are the same; healthy threshold 3 and unhealthy
 * threshold 2, so that a swapped threshold shows.
 */
class TargetHealthChecksTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-08-14T10:00:00Z"));
    private final Instant start = clock.instant();
    private final ScriptedSender sender = new ScriptedSender();
    private StackModel stack;
    private TargetHealthChecks checks;
    private Target target;

    private void start(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>(Map.of("twin.timeScale", "1", "twin.healthyThreshold", "3",
                "twin.unhealthyThreshold", "2"));
        settings.forEach((k, v) -> properties.put("twin." + k, v));
        stack = new StackModel(TwinSettings.of(properties, "twin."), clock);
        checks = new TargetHealthChecks(stack);
        checks.sendThrough(Optional.of(sender));
        target = stack.targetGroup().register("task-new", "10.0.0.99");
        checks.tick(clock.instant()); // the first check falls due one interval (10 s) after registration
    }

    private void start() {
        start(Map.of());
    }

    /** Moves to {@code seconds} after the start and ticks there. */
    private void tickAt(double seconds) {
        clock.advance(Duration.between(clock.instant(), start.plusMillis(Math.round(seconds * 1000))));
        checks.tick(clock.instant());
    }

    /** The check sent at {@code seconds} answers, and the next tick, half a second later, counts it. */
    private void checkAt(double seconds, HealthCheckResult result) {
        tickAt(seconds);
        sender.answerLast(target.taskId(), result);
        tickAt(seconds + 0.5);
    }

    @Test
    void passesUpToTheHealthyThresholdMakeANewTargetHealthyAndFailuresUpToTheUnhealthyThresholdUnhealthy() {
        start();
        assertThat(target.state()).isEqualTo("initial");

        checkAt(10, HealthCheckResult.answered(200));
        checkAt(20, HealthCheckResult.answered(200));
        assertThat(target.state()).as("2 of 3 passes").isEqualTo("initial");
        checkAt(30, HealthCheckResult.answered(200));
        assertThat(target.state()).isEqualTo("healthy");
        assertThat(target.reason()).isNull();
        assertThat(target.healthySince()).as("when the third check fell due").hasValue(start.plusSeconds(30));

        checkAt(40, HealthCheckResult.answered(503));
        assertThat(target.state()).as("1 of 2 failures").isEqualTo("healthy");
        checkAt(50, HealthCheckResult.answered(503));
        assertThat(target.state()).isEqualTo("unhealthy");
        assertThat(target.reason()).isEqualTo("Target.FailedHealthChecks");
        assertThat(target.description()).isEqualTo("Health checks failed");

        checkAt(60, HealthCheckResult.answered(200));
        checkAt(70, HealthCheckResult.answered(503));
        checkAt(80, HealthCheckResult.answered(200));
        checkAt(90, HealthCheckResult.answered(200));
        assertThat(target.state()).as("a failure in between starts the count again").isEqualTo("unhealthy");
        checkAt(100, HealthCheckResult.answered(200));
        assertThat(target.state()).isEqualTo("healthy");
        assertThat(sent()).extracting(Sent::path).containsOnly("/health");
    }

    @Test
    void aTimeoutAndARefusedConnectionAreFailures() {
        start();
        checkAt(10, HealthCheckResult.answered(200));
        checkAt(20, HealthCheckResult.answered(200));
        checkAt(30, HealthCheckResult.answered(200));
        assertThat(target.state()).isEqualTo("healthy");

        checkAt(40, HealthCheckResult.timedOut("no answer within 6000 ms"));
        assertThat(target.consecutiveFail()).isEqualTo(1);
        checkAt(50, HealthCheckResult.connectionError("Connection refused"));
        assertThat(target.state()).isEqualTo("unhealthy");
        assertThat(target.reason()).isEqualTo("Target.FailedHealthChecks");
    }

    @Test
    void redirectsPassAsTheMatcher200To399Says() {
        start();
        checkAt(10, HealthCheckResult.answered(302));
        checkAt(20, HealthCheckResult.answered(301));
        checkAt(30, HealthCheckResult.answered(399));
        assertThat(target.state()).isEqualTo("healthy");
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 204, 301, 302, 399})
    void aStatusFrom200To399Passes(int status) {
        assertThat(HealthCheckResult.answered(status).passed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 199, 400, 404, 500, 503})
    void anyOtherStatusFails(int status) {
        assertThat(HealthCheckResult.answered(status).passed()).isFalse();
    }

    @Test
    void aResultCountsAtTheFirstTickAfterItCameEvenWhenItCameAtOnce() {
        start();
        sender.answerAtOnce(HealthCheckResult.answered(200));
        tickAt(10);
        assertThat(sent()).hasSize(1);
        assertThat(target.consecutiveOk()).as("sent and answered within the tick: not counted yet").isZero();
        tickAt(10.5);
        assertThat(target.consecutiveOk()).isEqualTo(1);
    }

    @Test
    void aCheckStillInFlightWhenTheNextFallsDueIsNotSentAgain() {
        start();
        tickAt(10);
        assertThat(sent()).hasSize(1);
        for (double t = 10.5; t <= 45; t += 0.5) {
            tickAt(t);
        }
        assertThat(sent()).as("the checks due at 20, 30 and 40 s are skipped").hasSize(1);
        assertThat(target.consecutiveOk() + target.consecutiveFail()).isZero();

        sender.answerLast(target.taskId(), HealthCheckResult.answered(200));
        tickAt(45.5);
        assertThat(target.consecutiveOk()).isEqualTo(1);
        tickAt(49.5);
        assertThat(sent()).hasSize(1);
        tickAt(50);
        assertThat(sent()).as("the next one on the interval's schedule").hasSize(2);
    }

    @Test
    void aResultForATargetThatStartedDrainingMeanwhileIsDroppedAndDrainingTargetsAreNotChecked() {
        start();
        tickAt(10);
        target.state("draining", "Target.DeregistrationInProgress", "Target deregistration is in progress");
        sender.answerLast(target.taskId(), HealthCheckResult.answered(503));
        tickAt(10.5);
        tickAt(20);

        assertThat(target.state()).isEqualTo("draining");
        assertThat(target.consecutiveFail()).isZero();
        assertThat(sent()).hasSize(1);
    }

    @Test
    void withoutASenderNothingIsCheckedAndChecksInFlightAreDropped() {
        start();
        tickAt(10);
        checks.sendThrough(Optional.empty());
        sender.answerLast(target.taskId(), HealthCheckResult.answered(503));
        for (double t = 10.5; t <= 60; t += 0.5) {
            tickAt(t);
        }

        assertThat(sent()).hasSize(1);
        assertThat(target.consecutiveFail()).isZero();
        assertThat(target.state()).isEqualTo("initial");
    }

    @Test
    void slowHealthChecksSendEveryFourIntervals() {
        start(Map.of("faults", "slow-health-checks"));
        tickAt(39.5);
        assertThat(sent()).isEmpty();
        checkAt(40, HealthCheckResult.answered(200));
        tickAt(79.5);
        assertThat(sent()).hasSize(1);
        tickAt(80);
        assertThat(sent()).hasSize(2);
    }

    /** The checks sent to the test's target (the stack's starting task has one too). */
    private List<Sent> sent() {
        return sender.sent.stream().filter(s -> s.taskId().equals(target.taskId())).toList();
    }

    /** One check the NLB sent. */
    private record Sent(String taskId, String path, CompletableFuture<HealthCheckResult> result) { }

    /** Records every check and leaves it in flight until the test answers it, unless told to answer at once. */
    private static final class ScriptedSender implements HealthCheckSender {
        final List<Sent> sent = new ArrayList<>();
        private Optional<HealthCheckResult> atOnce = Optional.empty();

        @Override
        public CompletableFuture<HealthCheckResult> send(String taskId, String path) {
            CompletableFuture<HealthCheckResult> result = new CompletableFuture<>();
            atOnce.ifPresent(result::complete);
            sent.add(new Sent(taskId, path, result));
            return result;
        }

        /** From now on every check is answered before {@code send} returns. */
        void answerAtOnce(HealthCheckResult result) {
            atOnce = Optional.of(result);
        }

        void answerLast(String taskId, HealthCheckResult result) {
            Sent last = sent.stream().filter(s -> s.taskId().equals(taskId)).reduce((a, b) -> b).orElseThrow();
            assertThat(last.result().complete(result)).as("answered once").isTrue();
        }
    }
}
