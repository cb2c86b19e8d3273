package dev.scalingsuite.fleet.finding;

import java.time.Instant;

/** The desired count moving from {@code from} to {@code to}, as first seen at {@code at}. */
public record DesiredChange(int from, int to, Instant at) {
}
