package dev.scalingsuite.fleet.finding;

import java.time.Instant;
import java.util.List;

/**
 * Every one of the {@code newCalls} new calls since {@code since} went to task {@code busiest} (now
 * holding {@code busiestSessions}, above {@code target} + 1) while the {@code idle} tasks, among the
 * {@code routable} ones, held none; {@code chance} is how likely random routing is to do that.
 */
public record SkewFinding(int routable, int newCalls, Instant since, String busiest, int busiestSessions,
        double target, List<String> idle, double chance) {

    public SkewFinding {
        idle = List.copyOf(idle);
    }
}
