package dev.scalingsuite.fleet.finding;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A scaling metric expected every {@code period} (wall time) that has a period without a datapoint. */
public sealed interface MissingDatapointFinding {

    String metric();

    Duration period();

    /** No datapoint for the period at {@code missing}, between the datapoints at {@code before} and {@code after}. */
    record Gap(String metric, Duration period, Instant missing, Instant before, Instant after)
            implements MissingDatapointFinding {
    }

    /**
     * No datapoint since {@code last} (empty: since the start), though the metrics were read up to
     * {@code readUpTo}: the source stopped publishing or cannot be read.
     */
    record Silence(String metric, Duration period, Optional<Instant> last, Instant readUpTo)
            implements MissingDatapointFinding {
    }
}
