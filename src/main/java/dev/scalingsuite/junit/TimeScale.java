package dev.scalingsuite.junit;

import java.time.Duration;

/** Model time to wall time and back: the twin runs {@code factor} times faster than AWS. */
record TimeScale(int factor) {

    static final TimeScale AWS = new TimeScale(1);

    Duration wall(Duration model) {
        return model.dividedBy(factor);
    }

    double modelSeconds(Duration wall) {
        return wall.toMillis() * factor / 1000.0;
    }

    static String show(double modelSeconds) {
        long s = Math.round(modelSeconds);
        if (s < 60) {
            return s + "s";
        }
        return (s / 60) + "m" + (s % 60 == 0 ? "" : String.format("%02ds", s % 60));
    }
}
