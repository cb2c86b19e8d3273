package dev.scalingsuite.fleet;

import java.time.Instant;
import java.util.List;

/** Application Auto Scaling and the task definition: the live scaling configuration and what it did. */
public interface ScalingPort {

    ScalingConfiguration configuration();

    /** Scaling activities that started at or after {@code since}, oldest first. */
    List<ScalingActivity> activitiesSince(Instant since);

    /**
     * Where the policies are read, for messages: e.g. {@code the scaling policies of
     * service/voice-agent-poc-cluster/voice-agent-poc-service}.
     */
    String where();
}
