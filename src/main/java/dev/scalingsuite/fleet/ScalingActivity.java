package dev.scalingsuite.fleet;

import java.time.Instant;

/** What scaled and why, as Application Auto Scaling recorded it. */
public record ScalingActivity(String id, Instant startedAt, String description, String cause, String status) {
}
