package dev.scalingsuite.fleet;

import dev.scalingsuite.fleet.finding.OvershootFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Whether a rise of the desired count went beyond what target tracking implies for the sessions before it. */
public final class Overshoot {

    private Overshoot() {
    }

    /**
     * The first rise of desired above ceil(sessions / {@code targetValue}), within {@code min} and
     * {@code max}, plus {@code slack}, for the most sessions active in the {@code lookback} (wall time)
     * before it.
     */
    public static Optional<OvershootFinding> find(RunHistory history, double targetValue, int min, int max, int slack,
            Duration lookback) {
        List<RunHistory.ServicePoint> points = history.service();
        List<Map.Entry<Instant, Map<String, Integer>>> sessions = history.sessions();
        for (int i = 1; i < points.size(); i++) {
            RunHistory.ServicePoint p = points.get(i);
            if (p.desired() <= points.get(i - 1).desired()) {
                continue;
            }
            int most = mostSessions(sessions, p.at().minus(lookback), p.at());
            int implied = implied(most, targetValue, min, max);
            if (p.desired() > implied + slack) {
                return Optional.of(new OvershootFinding(targetValue, slack, p.desired(), p.at(), lookback, most,
                        implied));
            }
        }
        return Optional.empty();
    }

    /** The tasks target tracking asks for {@code sessions}: ceil(sessions / target), within min and max capacity. */
    public static int implied(int sessions, double targetValue, int min, int max) {
        return Math.max(min, Math.min(max, (int) Math.ceil(sessions / targetValue - 1e-9)));
    }

    /**
     * The most sessions active from {@code from} to {@code to}, counting those held as the window
     * opened: the last snapshot before it.
     */
    private static int mostSessions(List<Map.Entry<Instant, Map<String, Integer>>> sessions, Instant from, Instant to) {
        int most = 0;
        int holding = 0;
        for (Map.Entry<Instant, Map<String, Integer>> s : sessions) {
            int total = s.getValue().values().stream().mapToInt(Integer::intValue).sum();
            if (s.getKey().isBefore(from)) {
                holding = total;
            } else if (!s.getKey().isAfter(to)) {
                most = Math.max(most, total);
            }
        }
        return Math.max(most, holding);
    }
}
