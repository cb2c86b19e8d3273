package dev.scalingsuite.fleet;

import java.time.Instant;

/** One of the service's events, as DescribeServices lists them (its 100 most recent). */
public record ServiceEvent(String id, Instant at, String message) {
}
