package dev.scalingsuite.aws;

import static dev.scalingsuite.fleet.SessionMetrics.ACTIVE_COUNT;
import static dev.scalingsuite.fleet.SessionMetrics.DESIRED_TASK_COUNT;
import static dev.scalingsuite.fleet.SessionMetrics.HEALTHY_TASK_COUNT;
import static dev.scalingsuite.fleet.SessionMetrics.LATENCY_P50;
import static dev.scalingsuite.fleet.SessionMetrics.LATENCY_P95;
import static dev.scalingsuite.fleet.SessionMetrics.LATENCY_P99;
import static dev.scalingsuite.fleet.SessionMetrics.MAX_SESSIONS_PER_TASK;
import static dev.scalingsuite.fleet.SessionMetrics.RUNNING_TASK_COUNT;
import static dev.scalingsuite.fleet.SessionMetrics.SESSIONS_PER_TASK;

import dev.scalingsuite.fleet.MetricName;
import dev.scalingsuite.fleet.MetricsPort;
import dev.scalingsuite.fleet.ServiceRef;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.Telemetry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * {@link MetricsPort} over one GetMetricData call per poll: the session counter's metrics, the agent's
 * response latency percentiles (each by the names and dimension the {@link Telemetry} gives, the
 * dimension's value the stack's environment), and Container Insights' task counts.
 */
public final class CloudWatchAdapter implements MetricsPort {

    private final CloudWatchClient cloudWatch;
    private final Telemetry telemetry;
    private final Supplier<String> environment;
    private final ServiceRef service;
    private final int periodSeconds;
    private final Map<String, String> ids = new java.util.concurrent.ConcurrentHashMap<>();
    private List<MetricDataQuery> queries;

    /**
     * @param environment the stack's environment, the value of the metrics' dimension; asked for at the
     *     first read (it may have to be read from the service's task definition)
     */
    public CloudWatchAdapter(CloudWatchClient cloudWatch, Telemetry telemetry, Supplier<String> environment,
            ServiceRef service, int periodSeconds) {
        this.cloudWatch = cloudWatch;
        this.telemetry = telemetry;
        this.environment = environment;
        this.service = service;
        this.periodSeconds = periodSeconds;
    }

    private synchronized List<MetricDataQuery> queries() {
        if (queries != null) {
            return queries;
        }
        String env = environment.get();
        Telemetry.Sessions sessions = telemetry.sessions();
        Telemetry.Latency latency = telemetry.latency();
        List<Dimension> bySessions = List.of(dim(sessions.dimension(), env));
        List<Dimension> byLatency = List.of(dim(latency.dimension(), env));
        // Container Insights' dimensions are names, also when the cluster or service is given as an ARN
        List<Dimension> ecs = List.of(dim("ClusterName", service.clusterName()), dim("ServiceName", service.serviceName()));
        List<MetricDataQuery> q = new ArrayList<>();
        String ns = sessions.namespace();
        q.add(query("spt", SESSIONS_PER_TASK, ns, sessions.sessionsPerTask(), bySessions, "Average"));
        q.add(query("maxspt", MAX_SESSIONS_PER_TASK, ns, sessions.maxSessionsPerTask(), bySessions, "Maximum"));
        q.add(query("active", ACTIVE_COUNT, ns, sessions.activeCount(), bySessions, "Average"));
        q.add(query("healthy", HEALTHY_TASK_COUNT, ns, sessions.healthyTaskCount(), bySessions, "Average"));
        q.add(query("lat50", LATENCY_P50, latency.namespace(), latency.metric(), byLatency, "p50"));
        q.add(query("lat95", LATENCY_P95, latency.namespace(), latency.metric(), byLatency, "p95"));
        q.add(query("lat99", LATENCY_P99, latency.namespace(), latency.metric(), byLatency, "p99"));
        q.add(query("running", RUNNING_TASK_COUNT, "ECS/ContainerInsights", "RunningTaskCount", ecs, "Average"));
        q.add(query("desired", DESIRED_TASK_COUNT, "ECS/ContainerInsights", "DesiredTaskCount", ecs, "Average"));
        queries = List.copyOf(q);
        return queries;
    }

    @Override
    public MetricName metric(String key) {
        Telemetry.Sessions sessions = telemetry.sessions();
        Telemetry.Latency latency = telemetry.latency();
        return switch (key) {
            case LATENCY_P50, LATENCY_P95, LATENCY_P99 -> new MetricName(latency.namespace(), latency.metric(),
                    latency.dimension() + "=" + Names.resolved(environment));
            case RUNNING_TASK_COUNT, DESIRED_TASK_COUNT -> new MetricName("ECS/ContainerInsights", key,
                    "ClusterName=" + service.clusterName() + ", ServiceName=" + service.serviceName());
            default -> new MetricName(sessions.namespace(), telemetry.metricName(key),
                    sessions.dimension() + "=" + Names.resolved(environment));
        };
    }

    private MetricDataQuery query(String id, String name, String namespace, String metric, List<Dimension> dims,
            String stat) {
        int period = periodSeconds;
        ids.put(id, name);
        return MetricDataQuery.builder().id(id).returnData(true)
                .metricStat(s -> s.stat(stat).period(period)
                        .metric(m -> m.namespace(namespace).metricName(metric).dimensions(dims)))
                .build();
    }

    private static Dimension dim(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

    @Override
    public SessionMetrics latest(Instant from, Instant to) {
        List<MetricDataResult> results = cloudWatch.getMetricData(b -> b.startTime(from).endTime(to)
                .scanBy(ScanBy.TIMESTAMP_DESCENDING).metricDataQueries(queries())).metricDataResults();
        Map<String, Double> values = new HashMap<>();
        Instant at = null;
        for (MetricDataResult result : results) {
            if (!result.values().isEmpty()) {
                values.put(ids.get(result.id()), result.values().get(0));
                if (result.id().equals("spt")) {
                    at = result.timestamps().get(0);
                }
            }
        }
        return new SessionMetrics(at, values);
    }

    @Override
    public List<SessionMetrics> history(Instant from, Instant to) {
        Map<Instant, Map<String, Double>> byTime = new TreeMap<>();
        cloudWatch.getMetricDataPaginator(b -> b.startTime(from).endTime(to).scanBy(ScanBy.TIMESTAMP_ASCENDING)
                .metricDataQueries(queries())).metricDataResults().forEach(result -> {
                    for (int i = 0; i < result.timestamps().size() && i < result.values().size(); i++) {
                        byTime.computeIfAbsent(result.timestamps().get(i), t -> new HashMap<>())
                                .put(ids.get(result.id()), result.values().get(i));
                    }
                });
        List<SessionMetrics> out = new ArrayList<>();
        byTime.forEach((at, values) -> out.add(new SessionMetrics(at, values)));
        return out;
    }
}
