package dev.scalingsuite.aws;

import static dev.scalingsuite.fleet.SessionMetrics.ACTIVE_COUNT;
import static dev.scalingsuite.fleet.SessionMetrics.DESIRED_TASK_COUNT;
import static dev.scalingsuite.fleet.SessionMetrics.E2E_P50;
import static dev.scalingsuite.fleet.SessionMetrics.E2E_P95;
import static dev.scalingsuite.fleet.SessionMetrics.E2E_P99;
import static dev.scalingsuite.fleet.SessionMetrics.HEALTHY_TASK_COUNT;
import static dev.scalingsuite.fleet.SessionMetrics.MAX_SESSIONS_PER_TASK;
import static dev.scalingsuite.fleet.SessionMetrics.RUNNING_TASK_COUNT;
import static dev.scalingsuite.fleet.SessionMetrics.SESSIONS_PER_TASK;

import dev.scalingsuite.fleet.MetricsPort;
import dev.scalingsuite.fleet.SessionMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * {@link MetricsPort} over one GetMetricData call per poll: the session metrics in
 * {@code VoiceAgent/Sessions} (Environment dimension), E2E latency percentiles, and Container
 * Insights' task counts.
 */
public final class CloudWatchAdapter implements MetricsPort {

    static final String SESSIONS_NAMESPACE = "VoiceAgent/Sessions";

    private final CloudWatchClient cloudWatch;
    private final List<MetricDataQuery> queries;
    private final Map<String, String> ids = new HashMap<>();

    public CloudWatchAdapter(CloudWatchClient cloudWatch, String environment, String cluster, String service,
            int periodSeconds) {
        this.cloudWatch = cloudWatch;
        List<Dimension> env = List.of(dim("Environment", environment));
        // Container Insights' dimensions are names, also when the cluster or service is given as an ARN
        List<Dimension> ecs = List.of(dim("ClusterName", EcsName.of(cluster)), dim("ServiceName", EcsName.of(service)));
        List<MetricDataQuery> q = new ArrayList<>();
        q.add(query("spt", SESSIONS_PER_TASK, SESSIONS_NAMESPACE, "SessionsPerTask", env, "Average", periodSeconds));
        q.add(query("maxspt", MAX_SESSIONS_PER_TASK, SESSIONS_NAMESPACE, "MaxSessionsPerTask", env, "Maximum",
                periodSeconds));
        q.add(query("active", ACTIVE_COUNT, SESSIONS_NAMESPACE, "ActiveCount", env, "Average", periodSeconds));
        q.add(query("healthy", HEALTHY_TASK_COUNT, SESSIONS_NAMESPACE, "HealthyTaskCount", env, "Average",
                periodSeconds));
        q.add(query("e2e50", E2E_P50, SESSIONS_NAMESPACE, "E2ELatency", env, "p50", periodSeconds));
        q.add(query("e2e95", E2E_P95, SESSIONS_NAMESPACE, "E2ELatency", env, "p95", periodSeconds));
        q.add(query("e2e99", E2E_P99, SESSIONS_NAMESPACE, "E2ELatency", env, "p99", periodSeconds));
        q.add(query("running", RUNNING_TASK_COUNT, "ECS/ContainerInsights", "RunningTaskCount", ecs, "Average",
                periodSeconds));
        q.add(query("desired", DESIRED_TASK_COUNT, "ECS/ContainerInsights", "DesiredTaskCount", ecs, "Average",
                periodSeconds));
        this.queries = List.copyOf(q);
    }

    private MetricDataQuery query(String id, String name, String namespace, String metric, List<Dimension> dims,
            String stat, int period) {
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
                .scanBy(ScanBy.TIMESTAMP_DESCENDING).metricDataQueries(queries)).metricDataResults();
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
                .metricDataQueries(queries)).metricDataResults().forEach(result -> {
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
