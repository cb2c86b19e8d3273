package dev.scalingsuite.fleet;

import java.time.Duration;
import java.util.Optional;

/**
 * How long scale-in back to the minimum may take, derived from the live policy rather than a
 * constant: the scale-in alarm's datapoints and one more period for its evaluation, one more step
 * per adjustment after the first (each after the cooldown, or the alarm's once-a-minute re-send if
 * longer), the deregistration delay, and two periods of slack for metric publication.
 *
 * @param model the bound in model time
 * @param explanation how it was derived, for messages and reports
 */
public record ScaleInBound(Duration model, String explanation) {

    private static final int ALARM_RESEND_SECONDS = 60;

    /** The bound for scaling in from {@code desired}; empty when the live policy never scales in. */
    public static Optional<ScaleInBound> of(ScalingConfiguration config, TargetGroupSettings targets, int desired) {
        int excess = Math.max(0, desired - config.minCapacity());
        for (ScalingConfiguration.StepPolicy p : config.stepPolicies()) {
            int step = p.adjustments().stream().filter(a -> a < 0).mapToInt(a -> -a).max().orElse(0);
            if (step > 0) {
                int steps = Math.max(1, (excess + step - 1) / step);
                int alarm = p.datapoints() * p.period() + p.period();
                int between = Math.max(p.cooldown(), ALARM_RESEND_SECONDS);
                return Optional.of(bound(alarm, steps, between, targets.deregistrationDelaySeconds(), p.period(),
                        p.datapoints() + " of " + p.evaluationPeriods() + " periods of " + p.period() + "s + "
                                + p.period() + "s evaluation"));
            }
        }
        for (ScalingConfiguration.TargetTracking t : config.targetTracking()) {
            if (!t.disableScaleIn()) {
                // target tracking's low alarm wants 15 datapoints of 60 s, and removes capacity step by step
                int steps = Math.max(1, excess);
                return Optional.of(bound(16 * 60, steps, Math.max(t.scaleInCooldown(), ALARM_RESEND_SECONDS),
                        targets.deregistrationDelaySeconds(), 60, "15 of 15 periods of 60s + 60s evaluation"));
            }
        }
        return Optional.empty();
    }

    private static ScaleInBound bound(int alarmSeconds, int steps, int betweenSeconds, int deregistrationSeconds,
            int periodSeconds, String alarm) {
        long total = alarmSeconds + (long) (steps - 1) * betweenSeconds + deregistrationSeconds + 2L * periodSeconds;
        return new ScaleInBound(Duration.ofSeconds(total), alarm + " + " + (steps - 1) + " more step(s) x "
                + betweenSeconds + "s + deregistration delay " + deregistrationSeconds + "s + 2 periods slack "
                + (2 * periodSeconds) + "s = " + ModelClock.showModel(total));
    }
}
