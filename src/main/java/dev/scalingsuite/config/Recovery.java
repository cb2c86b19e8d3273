package dev.scalingsuite.config;

import java.time.Duration;

/**
 * What the baseline may do when the fleet is not at its baseline: {@code allow} recovery at all (set
 * desired to the minimum, stop the suite's own stale SIPp), also stop a SIPp the suite did not start
 * ({@code stopForeignSipp}), and give up after {@code timeout} (model time).
 */
public record Recovery(boolean stopForeignSipp, boolean allow, Duration timeout) {
}
