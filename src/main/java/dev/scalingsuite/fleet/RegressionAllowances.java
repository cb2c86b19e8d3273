package dev.scalingsuite.fleet;

/**
 * Every KPI's allowance against a baseline run, in one place: a relative share, and a floor named after
 * the mechanism that moves the KPI that much when nothing changed. Two runs of an unchanged stack differ by
 * chance and by clocks; a change of the stack (a slower image, a new policy) moves a KPI beyond both.
 */
public final class RegressionAllowances {

    /**
     * The session counter publishes SessionsPerTask once per 60 s period and CloudWatch evaluates the alarms
     * once per period, so the same load may breach, and be acted on, up to one period later (the twin models
     * the same period).
     */
    static final double METRIC_PERIOD_SECONDS = 60;
    /**
     * When the load begins and ends is not to the second: SIPp starts on the load host and places the calls, and
     * the session counter counts them from the agents' heartbeats; on the twin a busy machine delays both by up
     * to 2-3 s of wall time, 20-30 s of model time at time scale 10 (eleven unchanged steady-state runs put their
     * first decision up to 78 s apart: one period and 18 s).
     */
    static final double LOAD_EDGE_SECONDS = 30;
    /**
     * A new target turns healthy after its health checks, which the NLB runs every interval (10 s, its
     * shortest and the stack's), and the suite sees it on its next targets poll (5 s): up to one of each later.
     */
    static final double HEALTH_CHECK_SECONDS = 15;
    /**
     * ECS stamps each lifecycle transition, and the agent its ready log line, when they happen; the twin's
     * scheduler and agents are threads that 2 shared cores may hold back by ~200 ms of wall time, which is
     * 2 s of model time at the default time scale 10.
     */
    static final double TRANSITION_SECONDS = 2;
    /** Fargate bills every task a minute at least: one task more or less is a task-minute. */
    static final double ONE_TASK_MINUTE = 1;
    /**
     * The worst calls of a run are its p95 and p99 (a scenario places tens of calls), and one call held back is
     * enough to move them: on the twin by the machine (2 shared cores hold a thread back by up to a second:
     * 1.2 s against 2.1 s between two runs of the same stack), on AWS by a slower webhook invocation (a warm
     * one takes 1-2 s).
     */
    static final double HELD_BACK_CALL_MILLIS = 1000;
    /** The median call needs no retry; what moves it is the machine's scheduling of SIPp, front door and agents. */
    static final double SCHEDULING_MILLIS = 50;
    /**
     * The agent's response latency is a percentile of each 60 s period's turns: a period with a few more
     * turns, or one slow model call, moves the worst period's value by about a turn's own spread.
     */
    static final double TURN_SPREAD_MILLIS = 150;
    /** A 15 % slower cold start is what the suite must see: an image or init that grew. */
    static final double COLD_START_SHARE = 0.15;
    /** Percentiles of wall-clock times move with the machine's load; 20 % beyond that is a change. */
    static final double TIME_SHARE = 0.20;
    /**
     * Task-minutes follow the scale-in: one metric period later keeps the whole fleet a minute longer (7 tasks of
     * steady-state's 60 task-minutes, 12 %; unchanged runs measured 58 to 66).
     */
    static final double COST_SHARE = 0.20;

    /**
     * A task-minute of the deployed task (4 vCPU, 8 GB) at us-east-1's prices ($0.04048 per vCPU-hour, $0.004445 per
     * GB-hour): $0.0033, the cost's share of {@link #ONE_TASK_MINUTE}.
     */
    static final double ONE_TASK_MINUTE_USD = 0.0033;

    private RegressionAllowances() {
    }

    public static Allowance of(Kpi kpi) {
        return switch (kpi) {
            // from the breach on, the pipeline is the alarm's: the breach's period is where it starts
            case BREACH_TO_ACTIVITY -> Allowance.of(TIME_SHARE, METRIC_PERIOD_SECONDS,
                    "the metric is published and the alarm evaluated once per 60 s period");
            case FIRST_DECISION, BACK_TO_MINIMUM -> Allowance.of(TIME_SHARE, METRIC_PERIOD_SECONDS + LOAD_EDGE_SECONDS,
                    "one 60 s metric period, and the load's start or end counted up to 30 s later");
            // the first capacity serving waits for a decision, then a cold start and health checks
            case FIRST_SERVING -> Allowance.of(COLD_START_SHARE, METRIC_PERIOD_SECONDS + LOAD_EDGE_SECONDS
                    + HEALTH_CHECK_SECONDS, "its decision one metric period and 30 s later, its health checks one "
                            + "interval (10 s) and one targets poll (5 s) later");
            case ACTIVITY_TO_SERVING -> Allowance.of(COLD_START_SHARE, HEALTH_CHECK_SECONDS,
                    "one health-check interval (10 s) and one targets poll (5 s)");
            case SCHEDULING_P50, SCHEDULING_P95, IMAGE_PULL_P50, IMAGE_PULL_P95, CONTAINER_START_P50,
                    CONTAINER_START_P95, APP_INIT_P50, APP_INIT_P95 -> Allowance.of(COLD_START_SHARE,
                    TRANSITION_SECONDS, "a lifecycle transition stamped up to 2 s of model time late");
            case HEALTH_CHECKS_P50, HEALTH_CHECKS_P95, COLD_START_P50, COLD_START_P95 -> Allowance.of(COLD_START_SHARE,
                    HEALTH_CHECK_SECONDS, "one health-check interval (10 s) and one targets poll (5 s)");
            // tasks come whole: one task more than the policy implies is the overshoot this KPI is for
            case TASKS_OVER_POLICY -> Allowance.of(0, 0, "a task more is an overshoot");
            case TASK_MINUTES -> Allowance.of(COST_SHARE, ONE_TASK_MINUTE, "Fargate bills a task a minute at least");
            // the task-minutes' own allowance in dollars: beyond it, the tasks grew (or the prices did: the
            // comparison names prices that differ)
            case COST -> Allowance.of(COST_SHARE, ONE_TASK_MINUTE_USD,
                    "a task-minute of the deployed task (4 vCPU, 8 GB) at us-east-1's prices");
            case SETUP_P50, CONNECT_P50 -> Allowance.of(TIME_SHARE, SCHEDULING_MILLIS,
                    "the load host's and the stack's scheduling");
            case SETUP_P95, SETUP_P99, CONNECT_P95, CONNECT_P99 -> Allowance.of(TIME_SHARE, HELD_BACK_CALL_MILLIS,
                    "one call of the run held back by the machine or a slower webhook");
            case LATENCY_P50, LATENCY_P95, LATENCY_P99 -> Allowance.of(TIME_SHARE, TURN_SPREAD_MILLIS,
                    "one slow turn in a 60 s period");
            // a dropped call is never chance: the stack accepted it and lost it
            case DROPPED -> Allowance.of(0, 0, "a dropped call is lost by the stack, not by chance");
            case SCALE_OUTS, PEAK_TASKS, POLICY_TASKS -> Allowance.reportedOnly(
                    "the load and the live policy set it; tasks.over-policy judges it");
            case ANSWERED, REJECTED -> Allowance.reportedOnly("which calls a full task refuses is chance (the NLB "
                    + "routes each webhook attempt at random); the scenario's max-rejected bounds them");
        };
    }
}
