package dev.scalingsuite.fleet.finding;

/**
 * A source of what the checks judge, and how a message names what it looked for there when nothing more
 * precise is known: the wiring names each source as it is read (a table, a target group, a log group).
 */
public enum Source {
    /** ECS's service counts (DescribeServices). */
    ECS_SERVICE("service counts", "the ECS service"),
    /** The agents' heartbeats in the session table: the sessions per task. */
    HEARTBEATS("fresh heartbeat", "the session table"),
    /** The load balancer's targets and their health. */
    TARGETS("registered target", "the target group"),
    /** CloudWatch datapoints of a metric. */
    METRICS("datapoint", "the metrics"),
    /** The agents' structured log lines. */
    LOGS("event", "the agents' log group"),
    /** Application Auto Scaling's policies of the service. */
    POLICY("target-tracking policy", "the service's scaling policies"),
    /** SIPp's {@code -trace_counts} file of a caller instance. */
    SIPP_COUNTS("SIPp counts (caller_*_counts.csv)", "the load host"),
    /** The run history: earlier runs of a scenario and their KPIs. */
    HISTORY("earlier run", "the run history"),
    /** The run's own KPIs, as its record gives them: what an SLO judges. */
    KPIS("KPI", "the run's KPIs");

    private final String what;
    private final String where;

    Source(String what, String where) {
        this.what = what;
        this.where = where;
    }

    /** What a check looks for in it, e.g. {@code fresh heartbeat}. */
    public String what() {
        return what;
    }

    /** Where, when the wiring has not named it, e.g. {@code the session table}. */
    public String where() {
        return where;
    }
}
