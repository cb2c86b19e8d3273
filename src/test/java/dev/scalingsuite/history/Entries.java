package dev.scalingsuite.history;

import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Kpis;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Run history entries for tests: a steady-state run against a local twin, changed as each test needs. */
final class Entries {

    static final String CONFIG_HASH = "a".repeat(64);
    static final String SCENARIO_HASH = "b".repeat(64);

    private Entries() {
    }

    /** A run of {@code scenario} started at {@code startedAt} (ISO-8601), its id made of both, with {@code kpis}. */
    static RunEntry entry(String scenario, String startedAt, String outcome, Kpis kpis) {
        Instant at = Instant.parse(startedAt);
        String id = scenario + "-" + startedAt.substring(0, 10) + "-" + startedAt.substring(11, 19).replace(":", "");
        return new RunEntry(id, scenario, at, at.plusSeconds(150), outcome, outcome.equals("PASSED") ? "" : "step 3 failed",
                "0.1.0-SNAPSHOT", "0123456789abcdef0123456789abcdef01234567",
                new RunEntry.Target("local", "local twin (in-process, seed 1)", Optional.of("000000000000"),
                        Optional.of("us-east-1"), "voice-agent-poc-cluster", "voice-agent-poc-service", Map.of()),
                10, Fact.of("arn:aws:ecs:us-east-1:000000000000:task-definition/voice-agent-poc-voice-agent:1"),
                Fact.notMeasured("the suite's ECS port does not read the tasks' image digests"), CONFIG_HASH,
                SCENARIO_HASH, kpis, "target/scaling-reports/" + id);
    }

    static Kpis kpis(double coldStartP95) {
        return Kpis.builder().measured(Kpi.COLD_START_P95, coldStartP95).measured(Kpi.FIRST_DECISION, 185.5)
                .notMeasured(Kpi.CONNECT_P95, "capture needs tcpdump").build();
    }
}
