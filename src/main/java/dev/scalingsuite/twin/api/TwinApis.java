package dev.scalingsuite.twin.api;

import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.stack.ApiNames;
import java.util.List;

/** Every AWS service the twin's endpoint answers; their {@link ApiService#name()}s are {@link ApiNames#ALL}. */
public final class TwinApis {

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
