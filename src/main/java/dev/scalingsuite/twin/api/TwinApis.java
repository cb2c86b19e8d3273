package dev.scalingsuite.twin.api;

import dev.scalingsuite.twin.model.StackModel;
import java.util.List;

/** Every AWS service the twin's endpoint answers. */
public final class TwinApis {

    /** The {@link ApiService#name()}s of {@link #all}, in its order. */
    public static final List<String> NAMES =
            List.of("ecs", "application-autoscaling", "cloudwatch", "logs", "ssm", "elasticloadbalancing", "sts");

    private TwinApis() {
    }

    public static List<ApiService> all(StackModel stack) {
        return List.of(
                new EcsApi(stack),
                new AutoScalingApi(stack),
                new CloudWatchApi(stack),
                new LogsApi(stack),
                new SsmApi(stack),
                new ElbApi(stack),
                new StsApi(stack.settings().account()));
    }
}
