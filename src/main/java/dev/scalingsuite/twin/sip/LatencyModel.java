package dev.scalingsuite.twin.sip;

import java.util.random.RandomGenerator;

/**
 * The twin's model of a voice agent's end-to-end latency (caller stops speaking to agent audio
 * back), which degrades with load on the task: {@code 600 ms + 45 ms x (active sessions - 1)}, plus
 * Gaussian noise with a 60 ms standard deviation, never below 250 ms. So an idle task answers in
 * about 0.6 s and a task holding ten calls in about 1 s, the shape the deployed stack's dashboards
 * show: a sample per conversation turn, published as {@code E2ELatency} in milliseconds.
 */
final class LatencyModel {

    static final double BASE_MILLIS = 600;
    static final double PER_SESSION_MILLIS = 45;
    static final double NOISE_SD_MILLIS = 60;
    static final double FLOOR_MILLIS = 250;

    private final RandomGenerator random;

    LatencyModel(RandomGenerator random) {
        this.random = random;
    }

    double sample(int activeSessions) {
        double mean = BASE_MILLIS + PER_SESSION_MILLIS * Math.max(0, activeSessions - 1);
        return Math.max(FLOOR_MILLIS, Math.round(mean + random.nextGaussian() * NOISE_SD_MILLIS));
    }
}
