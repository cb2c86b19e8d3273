package dev.scalingsuite.twin.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.twin.model.ScalingPolicy;
import dev.scalingsuite.twin.model.ScalingPolicy.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which step of a step scaling policy applies, with Application Auto Scaling's documented bounds. */
class AutoScalerTest {

    /** One step, below the threshold (upper bound 0): -3, as CDK writes the stack's scale-in policy. */
    private static final Step REMOVE_THREE = new Step(null, 0.0, -3);
    private static final ScalingPolicy.StepScaling SCALE_IN = new ScalingPolicy.StepScaling("ChangeInCapacity",
            List.of(REMOVE_THREE), 30, "Average", null);

    @Test
    void atTheThresholdOfALessThanOrEqualAlarmTheStepUpToZeroApplies() {
        // SessionsPerTask <= 0 at zero sessions: the metric is the threshold, the delta 0
        assertThat(AutoScaler.step(SCALE_IN, 0.0 - 0.0, "LessThanOrEqualToThreshold")).contains(REMOVE_THREE);
    }

    @Test
    void aLessThanOneAlarmStillPicksItsStepBelowTheThreshold() {
        assertThat(AutoScaler.step(SCALE_IN, 0.5 - 1.0, "LessThanThreshold")).contains(REMOVE_THREE);
        assertThat(AutoScaler.step(SCALE_IN, 0.0 - 1.0, "LessThanThreshold")).contains(REMOVE_THREE);
        assertThat(AutoScaler.step(SCALE_IN, 1.5 - 1.0, "LessThanThreshold")).isEmpty();
    }

    @Test
    void atTheThresholdOfAGreaterThanOrEqualAlarmTheStepFromZeroApplies() {
        // AWS's example with threshold 50: [0, 10) is "greater than or equal to 50 and less than 60",
        // (-10, 0] is "greater than 40 and less than or equal to 50"
        Step above = new Step(0.0, 10.0, 1);
        Step below = new Step(-10.0, 0.0, -1);
        ScalingPolicy.StepScaling either = new ScalingPolicy.StepScaling("ChangeInCapacity", List.of(below, above),
                30, "Average", null);

        assertThat(AutoScaler.step(either, 0.0, "GreaterThanOrEqualToThreshold")).contains(above);
        assertThat(AutoScaler.step(either, 0.0, "LessThanOrEqualToThreshold")).contains(below);
        assertThat(AutoScaler.step(either, 10.0, "GreaterThanOrEqualToThreshold")).isEmpty();
        assertThat(AutoScaler.step(either, -10.0, "LessThanOrEqualToThreshold")).isEmpty();
    }
}
