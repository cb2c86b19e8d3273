package dev.scalingsuite.twin.api;

import dev.scalingsuite.twin.model.StackModel;
import java.util.List;

/** Every AWS service the twin's endpoint answers. */
public final class TwinApis {

    private TwinApis() {
    }

    public static List<ApiService> all(StackModel stack) {
        return List.of(
                new EcsApi(stack),
                new CloudWatchApi(stack));
    }
}
