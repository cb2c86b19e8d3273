package dev.scalingsuite.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.scalingsuite.fleet.AgentEvent;
import dev.scalingsuite.fleet.AgentEvents;
import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.CallReconciliation;
import dev.scalingsuite.fleet.CallTally;
import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.SipCall;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIPp driver against real SIPp far ends (answer and hold, 503, answer then hang up), through
 * the twin's real SSH load host.
 */
class SippRunIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path workDir;

    @RegisterExtension
    static final LoadHostFixture HOST = new LoadHostFixture(() -> workDir);

    private static UacSpec calls(int count, LocalUas uas) {
        return Uac.calls(count).perSecond(10).atMostConcurrent(20).to("127.0.0.1", uas.port());
    }

    @Test
    void placesCallsEndsSomeOnRequestThenAll() throws Exception {
        try (LocalUas uas = LocalUas.start("uas-answer.xml", workDir.resolve("uas-answer"))) {
            SippRun run = HOST.sipp().start(calls(5, uas));

            await("5 calls answered").atMost(WAIT).untilAsserted(() -> {
                assertThat(run.counts().answered()).isEqualTo(5);
                assertThat(run.liveCallIds()).hasSize(5);
            });
            assertThat(run.counts()).isEqualTo(new CallCounts(5, 5, 0, 0, 0, 0));
            assertThat(run.setupTimes()).hasSize(5).allSatisfy(t -> assertThat(t).isLessThan(Duration.ofSeconds(2)));

            List<String> ended = run.endCalls(2);
            assertThat(ended).hasSize(2).doesNotHaveDuplicates();
            assertThat(run.calls()).filteredOn(call -> ended.contains(call.callId())).hasSize(2).allSatisfy(call -> {
                assertThat(call.ending()).isEqualTo(SipCall.Ending.BY_SUITE);
                assertThat(call.sinceAnswer()).get().satisfies(d -> assertThat(d).isPositive());
            });
            assertThat(run.liveCallIds()).hasSize(3).doesNotContainAnyElementsOf(ended);
            await("2 calls completed").atMost(WAIT).untilAsserted(() ->
                    assertThat(run.counts().completed()).isEqualTo(2));
            assertThat(run.counts().dropped()).isZero();
            assertThat(run.isRunning()).isTrue();
            assertThat(run.isCapturing()).as("the capture of the far end's RTP runs beside sipp").isTrue();

            run.endAllCalls();
            assertThat(run.isRunning()).isFalse();
            assertThat(run.wasTerminated()).as("ended by INFO and soft quit, not SIGTERM").isFalse();
            assertThat(run.counts()).isEqualTo(new CallCounts(5, 5, 0, 0, 5, 0));
            assertThat(run.liveCallIds()).isEmpty();
            assertThat(run.isCapturing()).as("the capture stops with the last call").isFalse();
            ConnectTimes connect = run.connectTimes();
            assertThat(connect.notMeasured()).as("tcpdump may capture here").isEmpty();
            assertThat(connect.calls()).as("every call placed").hasSize(5);
            assertThat(connect.withoutRtp()).as("this far end answers but never speaks").isEqualTo(5);
            assertThat(SippProcesses.capturesUnder(HOST.loadHost().sippHome())).as("tcpdump left running").isEmpty();
            assertThat(HOST.sipp().status().ours()).isEmpty();
            assertThat(HOST.sipp().status().processes()).extracting(SippProcess::workingDirectory)
                    .noneMatch(cwd -> cwd.startsWith(HOST.loadHost().sippHome().toString()));
        }
    }

    @Test
    void aFullFarEndRejectsEveryCall() throws Exception {
        try (LocalUas uas = LocalUas.start("uas-503.xml", workDir.resolve("uas-503"))) {
            SippRun run = HOST.sipp().start(calls(4, uas));
            await("4 calls rejected").atMost(WAIT).untilAsserted(() -> {
                assertThat(run.isRunning()).isFalse();
                assertThat(run.counts()).isEqualTo(new CallCounts(4, 0, 4, 0, 0, 0));
            });
            assertThat(run.setupTimes()).isEmpty();
            assertThat(run.connectTimes().calls()).as("refused before the answer: no far-end media")
                    .hasSize(4).allSatisfy(call -> assertThat(call.connect()).isEmpty());
            assertThat(run.isCapturing()).as("sipp exited by itself; the suite has not stopped it yet").isTrue();
            HOST.sipp().stopAll();
            assertThat(run.isCapturing()).as("stopped with the instances").isFalse();
        }
    }

    @Test
    void aFarEndThatHangsUpEndsEveryCall() throws Exception {
        try (LocalUas uas = LocalUas.hangingUpAfter(Duration.ofSeconds(2), workDir.resolve("uas-hangup"))) {
            SippRun run = HOST.sipp().start(calls(3, uas));
            await("3 calls ended by the far end").atMost(WAIT).untilAsserted(() -> {
                assertThat(run.isRunning()).isFalse();
                assertThat(run.counts()).isEqualTo(new CallCounts(3, 3, 0, 3, 0, 0));
            });
            assertThat(run.endedCallIds()).hasSize(3);
            assertThat(run.setupTimes()).hasSize(3);
        }
    }

    /**
     * What the deployed stack's front door does with a call no agent takes: it answers, then hangs up.
     * SIPp logs each call's answer and the far end's BYE with its own clock; the agents' events (given
     * here as the logs port would read them) decide how the stack counts each hang-up.
     */
    @Test
    void aCallAnsweredThenEndedByTheFarEndIsLoggedWithItsTimesAndJudgedByTheAgentsEvents() throws Exception {
        Duration talk = Duration.ofMillis(1500);
        try (LocalUas uas = LocalUas.hangingUpAfter(talk, workDir.resolve("uas-refuse"))) {
            Instant placed = Instant.now();
            // one call every 2.5 s, so no call's span holds another's events
            SippRun run = HOST.sipp().start(Uac.calls(3).every(Duration.ofMillis(2500)).atMostConcurrent(3)
                    .to("127.0.0.1", uas.port()));
            await("3 calls ended by the far end").atMost(WAIT).untilAsserted(() -> {
                assertThat(run.isRunning()).isFalse();
                assertThat(run.counts()).isEqualTo(new CallCounts(3, 3, 0, 3, 0, 0));
            });
            Instant over = Instant.now();

            List<SipCall> calls = run.calls().stream().sorted(Comparator.comparing(SipCall::answeredAt)).toList();
            assertThat(calls).hasSize(3).allSatisfy(call -> {
                assertThat(call.ending()).isEqualTo(SipCall.Ending.BY_FAR_END);
                assertThat(call.answeredAt()).isBetween(placed.minusMillis(5), over);
                assertThat(call.endedAt()).get().matches(end -> !end.isAfter(over.plusMillis(5)), "before the test saw it");
                assertThat(call.sinceAnswer()).get().satisfies(d -> assertThat(d)
                        .isBetween(talk.minusMillis(50), talk.plusSeconds(2)));
            });
            assertThat(calls).extracting(SipCall::callId).containsExactlyInAnyOrderElementsOf(run.endedCallIds());

            // the first refused (twice: the webhook retried), the second accepted, the third never reached an agent
            AgentEvents names = AgentEvents.DEFAULTS;
            List<AgentEvent> events = List.of(
                    new AgentEvent(names.rejectedAtCapacity(), calls.get(0).answeredAt().plusMillis(200), "task-a"),
                    new AgentEvent(names.rejectedAtCapacity(), calls.get(0).answeredAt().plusMillis(900), "task-b"),
                    new AgentEvent(names.sessionStarted(), calls.get(1).answeredAt().plusMillis(300), "task-a"));
            CallCounts c = run.counts();
            CallOutcomes judged = CallReconciliation.reconcile(
                    new CallTally(c.placed(), c.answered(), c.rejected(), c.dropped(), c.completed()), calls, events,
                    names, CallReconciliation.Settings.MODEL_DEFAULTS.map(d -> d.dividedBy(4)),
                    Instant.now().plusSeconds(10));

            assertThat(judged.farEnd()).extracting(j -> j.call().callId(), CallOutcomes.JudgedCall::view).containsExactly(
                    tuple(calls.get(0).callId(), CallOutcomes.StackView.REJECTED),
                    tuple(calls.get(1).callId(), CallOutcomes.StackView.DROPPED),
                    tuple(calls.get(2).callId(), CallOutcomes.StackView.FRONT_DOOR_FAILURE));
            assertThat(judged.endedByFarEnd()).isEqualTo(3);
            assertThat(judged.stackView()).isEqualTo("rejected 1 (503 0, refused after answer 1), dropped 1, "
                    + "front-door failures 1");
        }
    }

    /**
     * A ramp without a new instance: {@code cset rate} on SIPp's control port. One call every 2 s, then 10 every
     * 2 s; SIPp's own call log shows the calls starting at the new rate, and every call still ends by BYE.
     */
    @Test
    void theRateChangesOnTheControlPortOfTheRunningInstance() throws Exception {
        try (LocalUas uas = LocalUas.start("uas-answer.xml", workDir.resolve("uas-rate"))) {
            SippRun run = HOST.sipp().start(Uac.calls(40).every(Duration.ofSeconds(2)).atMostConcurrent(40)
                    .to("127.0.0.1", uas.port()));
            await("3 calls answered at 1 per 2 s").atMost(WAIT).until(() -> run.counts().answered() >= 3);
            Instant changed = Instant.now();
            long before = run.counts().answered();

            run.setRate(10);

            await("10 more calls answered at 10 per 2 s").atMost(WAIT)
                    .until(() -> run.counts().answered() >= before + 10);
            run.endAllCalls();
            List<Instant> answered = run.calls().stream().map(SipCall::answeredAt).sorted().toList();
            long slow = medianGapMillis(answered.stream().filter(at -> at.isBefore(changed)).toList());
            long fast = medianGapMillis(answered.stream().filter(at -> at.isAfter(changed)).toList());
            assertThat(slow).as("median ms between answers at 1 per 2 s").isBetween(1500L, 2500L);
            assertThat(fast).as("median ms between answers at 10 per 2 s, against %d before", slow)
                    .isLessThan(slow / 4);
            CallCounts counts = run.counts();
            assertThat(counts.answered()).isEqualTo(counts.placed()).isGreaterThanOrEqualTo(before + 10);
            assertThat(counts.completed()).as("every call ended by the suite's BYE").isEqualTo(counts.answered());
            assertThat(run.wasTerminated()).isFalse();
            assertThat(run.isRunning()).isFalse();
        }
    }

    private static long medianGapMillis(List<Instant> sorted) {
        assertThat(sorted).as("answers to measure gaps between").hasSizeGreaterThanOrEqualTo(3);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            gaps.add(Duration.between(sorted.get(i - 1), sorted.get(i)).toMillis());
        }
        return gaps.stream().sorted().toList().get(gaps.size() / 2);
    }

    @Test
    void foreignSippProcessesAreReportedNotTouched() throws Exception {
        try (LocalUas uas = LocalUas.start("uas-answer.xml", workDir.resolve("uas-foreign"))) {
            SippRun run = HOST.sipp().start(calls(2, uas).withAudio("caller-question.pcmu"));
            await("2 calls up").atMost(WAIT).untilAsserted(() -> assertThat(run.liveCallIds()).hasSize(2));
            assertThat(HOST.sipp().exec("cat " + Shell.quote(run.runDir()) + "/caller.xml", WAIT).stdout())
                    .contains("rtp_stream=\"audio/calls_pcmu/caller-question.pcmu,-1,0\"");

            HostStatus status = HOST.sipp().status();
            assertThat(status.ours()).extracting(SippProcess::pid).containsExactly(run.pid());
            assertThat(status.ours().get(0).workingDirectory()).endsWith("/runs/" + run.runId());
            assertThat(status.foreign()).extracting(SippProcess::pid).contains(uas.pid());
            assertThat(HOST.sipp().instances()).contains(run);

            HOST.sipp().stopAll();
            assertThat(run.isRunning()).isFalse();
            assertThat(run.counts().completed()).isEqualTo(2);
            assertThat(uas.isAlive()).as("the foreign sipp still runs").isTrue();
        }
    }

    @Test
    void endingMoreCallsThanAreUpFailsClearly() throws Exception {
        try (LocalUas uas = LocalUas.start("uas-answer.xml", workDir.resolve("uas-few"))) {
            SippRun run = HOST.sipp().start(calls(1, uas));
            await("1 call up").atMost(WAIT).untilAsserted(() -> assertThat(run.liveCallIds()).hasSize(1));
            assertThatThrownBy(() -> run.endCalls(3))
                    .isInstanceOf(LoadHostException.class)
                    .hasMessageContaining("Cannot end 3 calls")
                    .hasMessageContaining("only 1 are up");
            HOST.sipp().stopAll(); // while the far end still answers the BYE
            assertThat(run.counts().completed()).isEqualTo(1);
        }
    }

    @Test
    void aBadRunIdNeverReachesTheHost() {
        UacSpec spec = Uac.calls(1).perSecond(1).atMostConcurrent(1).to("127.0.0.1", 5060);
        assertThatThrownBy(() -> HOST.sipp().start(spec, "x; touch /tmp/pwned"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Run id");
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
        assertThat(TimeUnit.SECONDS).isNotNull();
    }
}
