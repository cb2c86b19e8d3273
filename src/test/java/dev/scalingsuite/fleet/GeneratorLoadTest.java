package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The saturation rule: each limit of generator.* breached, with the message the run's reason gives. */
class GeneratorLoadTest {

    private static final String HOST = "sipp@10.0.2.9:22";
    private static final String WATCHDOG = "Overload warning: the minor watchdog timer 500ms has been tripped (616), "
            + "116 trips remaining";

    private static GeneratorSample.Instance instance(String state, double cpu, long placed, long due, long major,
            long minor) {
        return new GeneratorSample.Instance("uac-1", state, OptionalDouble.of(cpu), placed, due, 2, major, minor,
                minor > 0 ? WATCHDOG : "");
    }

    private static GeneratorSample sample(double hostCpu, GeneratorSample.Instance... instances) {
        return new GeneratorSample(Instant.EPOCH, Duration.ofMillis(15), OptionalDouble.of(0.4),
                OptionalDouble.of(hostCpu), List.of(instances));
    }

    @Test
    void aGeneratorWithinEveryLimitKeptUp() {
        GeneratorLoad load = GeneratorLoad.of(HOST, List.of(sample(0.99, instance("S", 0.95, 19, 20, 0, 3))),
                GeneratorLimits.DEFAULTS);
        assertThat(load.saturated()).isFalse();
        assertThat(load.evidence()).isEmpty();
        assertThat(load.peakHostCpu()).hasValue(0.99);
        assertThat(load.retransmissions()).isEqualTo(2);
    }

    @Test
    void minorWatchdogTripsAboveTheLimitSaturateIt() {
        GeneratorLoad load = GeneratorLoad.of(HOST, List.of(sample(0.2, instance("T", 0.01, 3, 3, 0, 2)),
                        sample(0.2, instance("S", 0.01, 4, 4, 0, 4)), sample(0.2, instance("T", 0.01, 5, 5, 0, 4))),
                GeneratorLimits.DEFAULTS);
        assertThat(load.reason()).isEqualTo("load generator saturated on sipp@10.0.2.9:22: SIPp's minor watchdog "
                + "tripped 4 times in uac-1 (allowed 3, generator.max-watchdog-minor): \"" + WATCHDOG + "\"; "
                + "sipp stopped (state T) in 2 of 3 polls");
        assertThat(load.stoppedPolls()).isEqualTo(2);
    }

    @Test
    void aPollThatCouldNotReadTheCountsDoesNotLowerThem() {
        GeneratorLoad load = GeneratorLoad.of(HOST, List.of(sample(0.2, instance("S", 0.01, 3, 3, 1, 5)),
                sample(0.2, instance("-", 0.0, 0, -1, 0, 0))), GeneratorLimits.DEFAULTS);
        assertThat(load.watchdogMajor()).isEqualTo(1);
        assertThat(load.watchdogMinor()).isEqualTo(5);
        assertThat(load.breaches()).containsExactly(
                "SIPp's major watchdog tripped once in uac-1 (allowed 0, generator.max-watchdog-major): \""
                        + WATCHDOG + "\"",
                "SIPp's minor watchdog tripped 5 times in uac-1 (allowed 3, generator.max-watchdog-minor): \""
                        + WATCHDOG + "\"");
    }

    @Test
    void sippAtAFullCoreSaturatesIt() {
        GeneratorLoad load = GeneratorLoad.of(HOST, List.of(sample(0.5, instance("R", 0.97, 20, 20, 0, 0))),
                GeneratorLimits.DEFAULTS);
        assertThat(load.evidence()).isEqualTo("SIPp used 97 % of a core in uac-1 (allowed 95 %, "
                + "generator.max-sipp-cpu)");
    }

    @Test
    void theHostsCpusAreJudgedOnlyBelowOne() {
        GeneratorLimits limits = new GeneratorLimits(0.95, 0.9, 0, 3, 0.2);
        GeneratorLoad load = GeneratorLoad.of(HOST, List.of(sample(0.93, instance("R", 0.1, 20, 20, 0, 0))), limits);
        assertThat(load.evidence()).isEqualTo("the host's CPUs were 93 % busy (allowed 90 %, generator.max-host-cpu)");
        assertThat(GeneratorLoad.of(HOST, List.of(sample(1.0, instance("R", 0.1, 20, 20, 0, 0))),
                GeneratorLimits.DEFAULTS).saturated()).isFalse();
    }

    @Test
    void callsShortOfTheRateSaturateIt() {
        GeneratorLoad load = GeneratorLoad.of(HOST, List.of(sample(0.1, instance("S", 0.1, 7, 10, 0, 0))),
                GeneratorLimits.DEFAULTS);
        assertThat(load.evidence()).isEqualTo("SIPp placed 7 of 10 calls due by its rate in uac-1 (30 % short, "
                + "allowed 20 %, generator.max-rate-shortfall)");
    }

    @Test
    void aGeneratorOnTimeAtEveryJudgedPollWasNoneShort() {
        GeneratorLoad load = GeneratorLoad.of(HOST, List.of(sample(0.1, instance("S", 0.1, 10, 10, 0, 0)),
                sample(0.1, instance("S", 0.1, 21, 20, 0, 0))), GeneratorLimits.DEFAULTS);
        assertThat(load.saturated()).isFalse();
        assertThat(load.worstShortfall()).hasValue(0.0);
    }

    @Test
    void fewCallsDueOrARateThatDoesNotBindAreNotJudged() {
        GeneratorLoad load = GeneratorLoad.of(HOST, List.of(sample(0.1, instance("S", 0.1, 1, 4, 0, 0)),
                sample(0.1, instance("S", 0.1, 1, -1, 0, 0))), GeneratorLimits.DEFAULTS);
        assertThat(load.saturated()).isFalse();
        assertThat(load.worstShortfall()).isEmpty();
    }

    @Test
    void aHostNoPollReadKeptUpAsFarAsAnyoneKnows() {
        GeneratorLoad load = GeneratorLoad.notPolled(HOST);
        assertThat(load.polls()).isZero();
        assertThat(load.saturated()).isFalse();
        assertThat(load.peakSippCpu()).isEmpty();
    }
}
