package dev.scalingsuite.config;

import java.time.Duration;
import java.util.List;

/**
 * What guards the service before the suite changes anything: the accounts it may change a service in
 * (checked against STS GetCallerIdentity; empty means only a twin's own account) and how long its run
 * lock lasts without renewal (the lock is renewed while the run lasts, so this bounds how long a
 * crashed run keeps others out).
 */
public record Safety(List<String> allowedAccounts, Duration lockTtl) {

    public static final Duration DEFAULT_LOCK_TTL = Duration.ofMinutes(30);
    public static final Duration MIN_LOCK_TTL = Duration.ofMinutes(1);

    public Safety {
        allowedAccounts = List.copyOf(allowedAccounts);
    }
}
