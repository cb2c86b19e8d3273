package dev.scalingsuite.fleet.error;

import dev.scalingsuite.fleet.finding.MissingDatapointFinding;
import org.assertj.core.error.ErrorMessageFactory;

/** A metric period went without a datapoint: between two, or since the last. */
public final class ShouldHaveMetricEveryPeriod extends TextMessage {

    private ShouldHaveMetricEveryPeriod(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * e.g. {@code Expected a SessionsPerTask datapoint every 1m 00s but none was published for the period
     * at 02:00 (datapoints at 01:00 and 03:00)}, or {@code ... but none was published since 01:00 (read up
     * to 06:40): the metric source is dead or cannot be read}.
     */
    public static ErrorMessageFactory shouldHaveMetricEveryPeriod(MissingDatapointFinding missing, TimeFormat time) {
        String expected = "Expected a %s datapoint every %s but none was published ";
        if (missing instanceof MissingDatapointFinding.Gap gap) {
            return new ShouldHaveMetricEveryPeriod(expected + "for the period at %s (datapoints at %s and %s)",
                    gap.metric(), time.show(gap.period()), time.at(gap.missing()), time.at(gap.before()),
                    time.at(gap.after()));
        }
        MissingDatapointFinding.Silence silence = (MissingDatapointFinding.Silence) missing;
        return new ShouldHaveMetricEveryPeriod(expected + "since %s (read up to %s): the metric source is dead or "
                + "cannot be read", silence.metric(), time.show(silence.period()),
                silence.last().map(time::at).orElse("the start"), time.at(silence.readUpTo()));
    }
}
