package dev.scalingsuite.aws;

import dev.scalingsuite.fleet.LogEventsPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/** {@link LogEventsPort} over FilterLogEvents on the service's log group, one paged call per count. */
public final class LogsAdapter implements LogEventsPort {

    private static final Pattern EVENT = Pattern.compile("\"event\"\\s*:\\s*\"([^\"]+)\"");

    private final CloudWatchLogsClient logs;
    private final Supplier<String> group;

    /** @param group the log group's name, asked for at each read (resolved when first needed) */
    public LogsAdapter(CloudWatchLogsClient logs, Supplier<String> group) {
        this.logs = logs;
        this.group = group;
    }

    @Override
    public String where() {
        return "log group " + Names.resolved(group);
    }

    @Override
    public Map<String, Long> count(Collection<String> events, Instant from, Instant to) {
        Map<String, Long> counts = new LinkedHashMap<>();
        events.forEach(e -> counts.put(e, 0L));
        StringBuilder pattern = new StringBuilder();
        events.forEach(e -> pattern.append("?\"").append(e).append("\" "));
        for (FilteredLogEvent event : logs.filterLogEventsPaginator(b -> b.logGroupName(group.get())
                .startTime(from.toEpochMilli()).endTime(to.toEpochMilli())
                .filterPattern(pattern.toString().trim())).events()) {
            Matcher m = EVENT.matcher(event.message());
            if (m.find() && counts.containsKey(m.group(1))) {
                counts.merge(m.group(1), 1L, Long::sum);
            }
        }
        return counts;
    }

    @Override
    public List<LogOccurrence> occurrences(String event, Instant from, Instant to) {
        List<LogOccurrence> out = new ArrayList<>();
        for (FilteredLogEvent line : logs.filterLogEventsPaginator(b -> b.logGroupName(group.get())
                .startTime(from.toEpochMilli()).endTime(to.toEpochMilli())
                .filterPattern("\"" + event + "\"")).events()) {
            Matcher m = EVENT.matcher(line.message());
            if (m.find() && m.group(1).equals(event)) {
                out.add(new LogOccurrence(Instant.ofEpochMilli(line.timestamp()), taskId(line.logStreamName())));
            }
        }
        out.sort(java.util.Comparator.comparing(LogOccurrence::at));
        return out;
    }

    /** The awslogs driver names streams {@code prefix/container/task-id}. */
    static String taskId(String stream) {
        return stream == null ? "" : stream.substring(stream.lastIndexOf('/') + 1);
    }
}
