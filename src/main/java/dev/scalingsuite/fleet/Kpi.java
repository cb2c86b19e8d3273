package dev.scalingsuite.fleet;

import java.util.Arrays;
import java.util.Optional;

/**
 * The key performance indicators of a run, each by a stable key (the run history, {@code results.json} and
 * a comparison with a baseline run name it so), with its unit and which way is worse. What each means is
 * computed once from a run's record ({@code report.RunKpis}); a run that could not measure one says why
 * ({@link Kpis.Reading}). Times of the fleet are model seconds; the calls' times are wall milliseconds, as
 * SIPp and the capture measure them.
 */
public enum Kpi {

    FIRST_DECISION("scale-out.first-decision", Unit.SECONDS,
            "from the run's start to the first scaling activity that raised the desired count"),
    FIRST_SERVING("scale-out.first-serving", Unit.SECONDS,
            "from the run's start to as many healthy targets as the first scale-out asked for"),
    BACK_TO_MINIMUM("scale-in.back-to-minimum", Unit.SECONDS,
            "from the last session's end to running and desired both at the minimum capacity"),
    BREACH_TO_ACTIVITY("decision.first.breach-to-activity", Unit.SECONDS,
            "the first scale-out: the metric's breach to the scaling activity"),
    ACTIVITY_TO_SERVING("decision.activity-to-serving.p50", Unit.SECONDS,
            "median over the scale-outs: the scaling activity to its capacity healthy"),
    SCALE_OUTS("scale-out.decisions", Unit.COUNT, "scaling activities that raised the desired count"),
    PEAK_TASKS("tasks.peak", Unit.TASKS, "the most tasks running at once"),
    POLICY_TASKS("tasks.policy-implied", Unit.TASKS,
            "ceil(most active sessions / the live target-tracking target), within min and max capacity"),
    TASKS_OVER_POLICY("tasks.over-policy", Unit.TASKS, "the most tasks running less the count the policy implies"),
    SCHEDULING_P50("cold-start.scheduling.p50", Unit.SECONDS, "ENI attach and scheduling (created -> pull started)"),
    SCHEDULING_P95("cold-start.scheduling.p95", Unit.SECONDS, "ENI attach and scheduling (created -> pull started)"),
    IMAGE_PULL_P50("cold-start.image-pull.p50", Unit.SECONDS, "image pull (pull started -> pull stopped)"),
    IMAGE_PULL_P95("cold-start.image-pull.p95", Unit.SECONDS, "image pull (pull started -> pull stopped)"),
    CONTAINER_START_P50("cold-start.container-start.p50", Unit.SECONDS, "container start (pull stopped -> started)"),
    CONTAINER_START_P95("cold-start.container-start.p95", Unit.SECONDS, "container start (pull stopped -> started)"),
    APP_INIT_P50("cold-start.app-init.p50", Unit.SECONDS, "application init (started -> its ready log line)"),
    APP_INIT_P95("cold-start.app-init.p95", Unit.SECONDS, "application init (started -> its ready log line)"),
    HEALTH_CHECKS_P50("cold-start.health-checks.p50", Unit.SECONDS, "NLB health checks (ready -> first seen healthy)"),
    HEALTH_CHECKS_P95("cold-start.health-checks.p95", Unit.SECONDS, "NLB health checks (ready -> first seen healthy)"),
    COLD_START_P50("cold-start.total.p50", Unit.SECONDS, "a new task's cold start (created -> first seen healthy)"),
    COLD_START_P95("cold-start.total.p95", Unit.SECONDS, "a new task's cold start (created -> first seen healthy)"),
    TASK_MINUTES("task-minutes", Unit.TASK_MINUTES, "the run's tasks as Fargate bills them"),
    COST("cost.usd", Unit.USD, "the run's task-minutes at each task's vCPU and memory and Fargate's prices"),
    SETUP_P50("sip-setup.p50", Unit.MILLIS, "INVITE -> 200 of the answered calls (wall)"),
    SETUP_P95("sip-setup.p95", Unit.MILLIS, "INVITE -> 200 of the answered calls (wall)"),
    SETUP_P99("sip-setup.p99", Unit.MILLIS, "INVITE -> 200 of the answered calls (wall)"),
    CONNECT_P50("connect.p50", Unit.MILLIS, "INVITE -> the far end's first RTP packet (wall)"),
    CONNECT_P95("connect.p95", Unit.MILLIS, "INVITE -> the far end's first RTP packet (wall)"),
    CONNECT_P99("connect.p99", Unit.MILLIS, "INVITE -> the far end's first RTP packet (wall)"),
    LATENCY_P50("agent-latency.p50", Unit.MILLIS, "the worst period's p50 of the agent's response latency metric"),
    LATENCY_P95("agent-latency.p95", Unit.MILLIS, "the worst period's p95 of the agent's response latency metric"),
    LATENCY_P99("agent-latency.p99", Unit.MILLIS, "the worst period's p99 of the agent's response latency metric"),
    ANSWERED("calls.answered", Unit.CALLS, "calls answered (SIP view)"),
    REJECTED("calls.rejected", Unit.CALLS, "calls rejected (stack's view: 503 or refused after the answer)"),
    DROPPED("calls.dropped", Unit.CALLS, "calls dropped (stack's view: accepted, then ended by the far end)");

    /** What a KPI counts or times, and how its values are written. */
    public enum Unit {
        SECONDS("s"), MILLIS("ms"), TASKS("tasks"), TASK_MINUTES("task-minutes"), CALLS("calls"), COUNT(""),
        /** US dollars, written {@code $0.1942}: a run costs cents, so a tenth would say nothing. */
        USD("USD");

        private final String symbol;

        Unit(String symbol) {
            this.symbol = symbol;
        }

        /** {@code s}, {@code ms}, {@code tasks}, ...; empty for a plain count. */
        public String symbol() {
            return symbol;
        }

        /** {@code 81.3 s}, {@code 212 ms}, {@code 59.2 task-minutes}, {@code 7 tasks}, {@code 3}, {@code $0.1942}. */
        public String show(double value) {
            if (this == USD) {
                return RunCost.dollars(value);
            }
            double rounded = Math.round(value * 10) / 10.0;
            String number = rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded);
            return symbol.isEmpty() ? number : number + " " + symbol;
        }
    }

    private final String key;
    private final Unit unit;
    private final String describe;

    Kpi(String key, Unit unit, String describe) {
        this.key = key;
        this.unit = unit;
        this.describe = describe;
    }

    /** The stable key: {@code cold-start.total.p95}. */
    public String key() {
        return key;
    }

    public Unit unit() {
        return unit;
    }

    /** What it measures, one phrase. */
    public String describe() {
        return describe;
    }

    /** Whether a larger value is the worse one: every KPI but the answered calls. */
    public boolean higherIsWorse() {
        return this != ANSWERED;
    }

    /** The KPI of a stable key, if this suite knows it. */
    public static Optional<Kpi> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
