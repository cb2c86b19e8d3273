package dev.scalingsuite.twin.api;

import static dev.scalingsuite.twin.api.Wire.object;
import static dev.scalingsuite.twin.api.Wire.optional;
import static dev.scalingsuite.twin.api.Wire.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingsuite.twin.model.Alarm;
import dev.scalingsuite.twin.model.MetricStore;
import dev.scalingsuite.twin.model.MetricStore.MetricId;
import dev.scalingsuite.twin.model.MetricStore.Sample;
import dev.scalingsuite.twin.model.StackModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Amazon CloudWatch: metric data in and out, the alarms and their history. One handler serves the three
 * protocols that reach CloudWatch: Smithy RPC v2 CBOR (the SDK v2), awsQuery (the AWS CLI v2 from
 * Debian) and awsJson 1.0 (the AWS CLI v1).
 *
 * <p>CloudWatch is {@code awsQueryCompatible}: every error carries a shape name (which the SDK maps to
 * its exception class) and an awsQuery code (which it reports as the error code), see
 * {@link ApiException#ApiException(int, String, String, String)}. Validation messages and codes follow
 * what AWS answers: GetMetricData's checks of its queries are {@code ValidationError} (not modelled, so
 * the SDK throws a plain {@code CloudWatchException}); missing members are {@code MissingParameter};
 * bad values in PutMetricData are {@code InvalidParameterValue}. Member paths in messages are in the
 * awsQuery form, e.g. {@code MetricData.member.1.MetricName}, whatever protocol asked, as AWS writes them.
 *
 * <p>What the twin leaves out: metric math and Metrics Insights (a query with {@code Expression} is a
 * {@code ValidationError} naming the twin, so a client never mistakes a missing feature for missing data),
 * GetMetricData paging (no {@code NextToken}; {@code MaxDatapoints} truncates with status
 * {@code PartialData}), and the two-weeks-past / two-hours-ahead timestamp window of PutMetricData.
 */
final class CloudWatchApi implements ApiService {

    static final String SERVICE_ID = "GraniteServiceVersion20100801";
    static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    private static final int MAX_QUERIES = 500;
    private static final int MAX_DATAPOINTS = 100_800;
    private static final int MAX_RECORDS = 100;
    private static final int MAX_VALUES = 150;
    private static final String ID_PATTERN = "^[a-z][a-zA-Z0-9_]*$";
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes",
            "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits",
            "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
            "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
            "Gigabits/Second", "Terabits/Second", "Count/Second", "None");
    private static final List<String> STATES = List.of("OK", "ALARM", "INSUFFICIENT_DATA");
    private static final List<String> HISTORY_TYPES = List.of("ConfigurationUpdate", "StateUpdate", "Action",
            "AlarmContributorStateUpdate", "AlarmContributorAction");

    private final StackModel stack;

    CloudWatchApi(StackModel stack) {
        this.stack = stack;
    }

    @Override
    public String name() {
        return "cloudwatch";
    }

    @Override
    public Optional<String> jsonTargetPrefix() {
        return Optional.of(SERVICE_ID);
    }

    @Override
    public Optional<String> queryVersion() {
        return Optional.of("2010-08-01");
    }

    @Override
    public String queryNamespace() {
        return NAMESPACE;
    }

    @Override
    public Optional<String> cborServiceId() {
        return Optional.of(SERVICE_ID);
    }

    @Override
    public JsonNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "PutMetricData" -> putMetricData(request);
            case "GetMetricData" -> getMetricData(request);
            case "DescribeAlarms" -> describeAlarms(request);
            case "DescribeAlarmHistory" -> describeAlarmHistory(request);
            default -> throw new ApiException(400, "UnknownOperationException", "InvalidAction",
                    "The action " + operation + " is not valid for this web service.");
        };
    }

    // ---- errors, in CloudWatch's two codes -------------------------------------------------------

    private static ApiException invalidValue(String message) {
        return new ApiException(400, "InvalidParameterValueException", "InvalidParameterValue", message);
    }

    private static ApiException invalidValue(String path, JsonNode value) {
        return invalidValue("The value " + value.asText() + " for parameter " + path + " is invalid.");
    }

    private static ApiException missing(String path) {
        return new ApiException(400, "MissingRequiredParameterException", "MissingParameter",
                "The parameter " + path + " is required.");
    }

    private static ApiException combination(String message) {
        return new ApiException(400, "InvalidParameterCombinationException", "InvalidParameterCombination", message);
    }

    private static ApiException validation(String message) {
        return new ApiException(400, "ValidationError", "ValidationError", message);
    }

    private static ApiException enumValue(String member, String value, List<String> allowed) {
        return validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
    }

    // ---- member readers that accept numbers as numbers (JSON, CBOR) or as text (awsQuery) ---------

    private static JsonNode member(JsonNode parent, String name) {
        JsonNode value = parent == null ? null : parent.get(name);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    private static String text(JsonNode parent, String name, String path) {
        JsonNode value = member(parent, name);
        if (value == null || value.asText().isEmpty()) {
            throw missing(path);
        }
        return value.asText();
    }

    private static double number(JsonNode value, String path) {
        double number;
        if (value.isNumber()) {
            number = value.doubleValue();
        } else {
            try {
                number = Double.parseDouble(value.asText().trim());
            } catch (NumberFormatException e) {
                throw invalidValue(path, value);
            }
        }
        if (!Double.isFinite(number)) {
            throw invalidValue(path, value);
        }
        return number;
    }

    private static int integer(JsonNode value, String path) {
        double number = number(value, path);
        if (number != Math.rint(number) || Math.abs(number) > Integer.MAX_VALUE) {
            throw invalidValue(path, value);
        }
        return (int) number;
    }

    private static boolean bool(JsonNode value) {
        return value.isBoolean() ? value.booleanValue() : "true".equalsIgnoreCase(value.asText());
    }

    private static Instant time(JsonNode parent, String name) {
        return time(parent, name, name);
    }

    private static Instant time(JsonNode parent, String name, String path) {
        JsonNode value = member(parent, name);
        if (value == null) {
            throw missing(path);
        }
        try {
            return Wire.instant(value, path);
        } catch (ApiException e) {
            throw invalidValue(path, value);
        }
    }

    private static List<JsonNode> elements(JsonNode parent, String name) {
        List<JsonNode> out = new ArrayList<>();
        Wire.list(parent, name).forEach(out::add);
        return out;
    }

    /** Dimensions as a map; a dimension without Name or Value is a missing parameter, as in AWS. */
    private static Map<String, String> dimensions(JsonNode parent, String path) {
        Map<String, String> out = new TreeMap<>();
        List<JsonNode> list = elements(parent, "Dimensions");
        if (list.size() > 30) {
            throw invalidValue("The collection " + path + ".Dimensions must not have a size greater than 30.");
        }
        for (int i = 0; i < list.size(); i++) {
            String at = path + ".Dimensions.member." + (i + 1);
            out.put(text(list.get(i), "Name", at + ".Name"), text(list.get(i), "Value", at + ".Value"));
        }
        return out;
    }

    private static String unit(JsonNode parent, String path) {
        String unit = optional(parent, "Unit");
        if (unit != null && !UNITS.contains(unit)) {
            throw invalidValue("The value " + unit + " for parameter " + path + ".Unit is invalid.");
        }
        return unit;
    }

    // ---- PutMetricData ---------------------------------------------------------------------------

    /** Stores each datum as one sample; every datum is checked before any is stored, as in AWS. */
    private JsonNode putMetricData(JsonNode request) {
        String namespace = text(request, "Namespace", "Namespace");
        if (namespace.startsWith("AWS/")) {
            throw invalidValue("The value AWS/ for parameter Namespace is invalid.");
        }
        List<JsonNode> data = elements(request, "MetricData");
        if (data.isEmpty()) {
            throw missing("MetricData");
        }
        if (data.size() > 1000) {
            throw invalidValue("The collection MetricData must not have a size greater than 1000.");
        }
        Map<MetricId, List<Sample>> parsed = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            String path = "MetricData.member." + (i + 1);
            JsonNode datum = data.get(i);
            MetricId id = new MetricId(namespace, text(datum, "MetricName", path + ".MetricName"),
                    dimensions(datum, path));
            parsed.computeIfAbsent(id, k -> new ArrayList<>()).add(sample(datum, path));
        }
        parsed.forEach((id, samples) -> samples.forEach(sample -> stack.metrics().put(id, sample)));
        return object();
    }

    private Sample sample(JsonNode datum, String path) {
        JsonNode timestampNode = member(datum, "Timestamp");
        Instant at = timestampNode == null ? stack.now() : time(datum, "Timestamp", path + ".Timestamp");
        String unit = unit(datum, path);
        JsonNode storageResolution = member(datum, "StorageResolution");
        if (storageResolution != null) {
            int resolution = integer(storageResolution, path + ".StorageResolution");
            if (resolution != 1 && resolution != 60) {
                throw invalidValue("The value " + resolution + " for parameter " + path
                        + ".StorageResolution is invalid. Valid values are 1 and 60.");
            }
        }
        JsonNode value = member(datum, "Value");
        JsonNode statistics = member(datum, "StatisticValues");
        List<JsonNode> values = elements(datum, "Values");
        int given = (value != null ? 1 : 0) + (statistics != null ? 1 : 0) + (values.isEmpty() ? 0 : 1);
        if (given > 1) {
            throw combination("The parameters " + path + ".Value, " + path + ".Values and " + path
                    + ".StatisticValues are mutually exclusive and you have specified more than one.");
        }
        if (value != null) {
            return Sample.of(at, number(value, path + ".Value"), unit);
        }
        if (statistics != null) {
            return statisticSet(at, statistics, path + ".StatisticValues", unit);
        }
        if (!values.isEmpty()) {
            return rawValues(at, values, elements(datum, "Counts"), path, unit);
        }
        throw missing(path + ".Value");
    }

    private static Sample statisticSet(Instant at, JsonNode set, String path, String unit) {
        double[] v = new double[4];
        String[] names = {"SampleCount", "Sum", "Minimum", "Maximum"};
        for (int i = 0; i < names.length; i++) {
            JsonNode node = member(set, names[i]);
            if (node == null) {
                throw missing(path + "." + names[i]);
            }
            v[i] = number(node, path + "." + names[i]);
        }
        if (v[0] <= 0 || v[2] > v[3]) {
            throw invalidValue("The parameter " + path + " is invalid: SampleCount must be positive and"
                    + " Minimum must not exceed Maximum.");
        }
        return Sample.ofStatistics(at, v[0], v[1], v[2], v[3], unit);
    }

    private static Sample rawValues(Instant at, List<JsonNode> valueNodes, List<JsonNode> countNodes, String path,
            String unit) {
        if (valueNodes.size() > MAX_VALUES) {
            throw invalidValue("The collection " + path + ".Values must not have a size greater than "
                    + MAX_VALUES + ".");
        }
        if (!countNodes.isEmpty() && countNodes.size() != valueNodes.size()) {
            throw invalidValue("The parameters " + path + ".Values and " + path
                    + ".Counts must be of the same size.");
        }
        List<Double> values = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        for (int i = 0; i < valueNodes.size(); i++) {
            values.add(number(valueNodes.get(i), path + ".Values.member." + (i + 1)));
            double count = countNodes.isEmpty() ? 1 : number(countNodes.get(i), path + ".Counts.member." + (i + 1));
            if (count <= 0) {
                throw invalidValue(path + ".Counts.member." + (i + 1), countNodes.get(i));
            }
            counts.add(count);
        }
        return Sample.ofValues(at, values, counts, unit);
    }

    // ---- GetMetricData ---------------------------------------------------------------------------

    /** One MetricDataQuery after validation. */
    private record Query(String id, String label, MetricId metric, int period, String stat, String unit,
            boolean returnData) {
    }

    private JsonNode getMetricData(JsonNode request) {
        List<JsonNode> nodes = elements(request, "MetricDataQueries");
        if (nodes.isEmpty()) {
            throw missing("MetricDataQueries");
        }
        if (nodes.size() > MAX_QUERIES) {
            throw validation("The collection MetricDataQueries must not have a size greater than " + MAX_QUERIES + ".");
        }
        Instant start = time(request, "StartTime");
        Instant end = time(request, "EndTime");
        if (!start.isBefore(end)) {
            throw validation("The parameter StartTime must be less than the parameter EndTime.");
        }
        boolean ascending = ascending(request);
        int remaining = maxDatapoints(request);
        List<Query> queries = queries(nodes);

        ObjectNode answer = object();
        ArrayNode results = answer.putArray("MetricDataResults");
        for (Query query : queries) {
            if (!query.returnData()) {
                continue;
            }
            List<Map.Entry<Instant, Double>> points = new ArrayList<>(stack.metrics()
                    .aggregate(query.metric(), start, end, stack.wall(query.period()), query.stat(), query.unit()).entrySet());
            if (!ascending) {
                Collections.reverse(points);
            }
            boolean partial = points.size() > remaining;
            points = points.subList(0, Math.min(points.size(), remaining));
            remaining -= points.size();
            results.add(result(query, points, partial));
        }
        answer.putArray("Messages");
        return answer;
    }

    private static ObjectNode result(Query query, List<Map.Entry<Instant, Double>> points, boolean partial) {
        ObjectNode result = object().put("Id", query.id()).put("Label", query.label());
        ArrayNode timestamps = result.putArray("Timestamps");
        ArrayNode values = result.putArray("Values");
        for (Map.Entry<Instant, Double> point : points) {
            timestamps.add(timestamp(point.getKey()));
            values.add(point.getValue());
        }
        result.put("StatusCode", partial ? "PartialData" : "Complete");
        result.putArray("Messages");
        return result;
    }

    private static boolean ascending(JsonNode request) {
        String scanBy = Optional.ofNullable(optional(request, "ScanBy")).orElse("TimestampDescending");
        if (!scanBy.equals("TimestampDescending") && !scanBy.equals("TimestampAscending")) {
            throw enumValue("scanBy", scanBy, List.of("TimestampDescending", "TimestampAscending"));
        }
        return scanBy.equals("TimestampAscending");
    }

    private static int maxDatapoints(JsonNode request) {
        JsonNode node = member(request, "MaxDatapoints");
        if (node == null) {
            return MAX_DATAPOINTS;
        }
        int max = integer(node, "MaxDatapoints");
        if (max < 1) {
            throw validation("The parameter MaxDatapoints must be greater than 0.");
        }
        return Math.min(max, MAX_DATAPOINTS);
    }

    private static List<Query> queries(List<JsonNode> nodes) {
        List<Query> queries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            Query query = query(nodes.get(i), "MetricDataQueries.member." + (i + 1));
            if (!ids.add(query.id())) {
                throw validation("The values for parameter id in MetricDataQueries are not unique.");
            }
            queries.add(query);
        }
        return queries;
    }

    private static Query query(JsonNode node, String path) {
        String id = text(node, "Id", path + ".Id");
        if (!id.matches(ID_PATTERN)) {
            throw validation("The value " + id + " for parameter " + path + ".Id is not matching the expected"
                    + " pattern " + ID_PATTERN + ".");
        }
        JsonNode stat = member(node, "MetricStat");
        boolean expression = member(node, "Expression") != null;
        if (expression) {
            throw validation("The twin does not evaluate metric math or Metrics Insights: " + path
                    + ".Expression is not supported; query the metric with MetricStat.");
        }
        if (stat == null) {
            throw validation("Exactly one of " + path + ".MetricStat and " + path + ".Expression must be set.");
        }
        String statPath = path + ".MetricStat";
        JsonNode metric = member(stat, "Metric");
        if (metric == null) {
            throw missing(statPath + ".Metric");
        }
        MetricId metricId = new MetricId(text(metric, "Namespace", statPath + ".Metric.Namespace"),
                text(metric, "MetricName", statPath + ".Metric.MetricName"), dimensions(metric, statPath + ".Metric"));
        JsonNode periodNode = member(stat, "Period");
        if (periodNode == null) {
            throw missing(statPath + ".Period");
        }
        int period = integer(periodNode, statPath + ".Period");
        if (period < 1 || (period % 60 != 0 && !List.of(1, 5, 10, 30).contains(period))) {
            throw validation("The parameter " + statPath + ".Period must be 1, 5, 10, 30, or a multiple of 60.");
        }
        String statistic = text(stat, "Stat", statPath + ".Stat");
        if (!MetricStore.isStatistic(statistic)) {
            throw validation("The value for parameter " + statPath + ".Stat is not a valid statistic: '"
                    + statistic + "' (the twin knows " + String.join(", ", MetricStore.SIMPLE_STATISTICS)
                    + " and percentiles pNN or pNN.NN).");
        }
        String label = Optional.ofNullable(optional(node, "Label")).orElse(metricId.metricName());
        JsonNode returnData = member(node, "ReturnData");
        return new Query(id, label, metricId, period, statistic, unit(stat, statPath),
                returnData == null || bool(returnData));
    }

    // ---- DescribeAlarms --------------------------------------------------------------------------

    private JsonNode describeAlarms(JsonNode request) {
        List<String> names = new ArrayList<>();
        elements(request, "AlarmNames").forEach(n -> names.add(n.asText()));
        String prefix = optional(request, "AlarmNamePrefix");
        if (prefix != null && !names.isEmpty()) {
            throw combination("AlarmNamePrefix and AlarmNames cannot be specified together.");
        }
        if (names.size() > MAX_RECORDS) {
            throw validation("The collection AlarmNames must not have a size greater than " + MAX_RECORDS + ".");
        }
        String state = optional(request, "StateValue");
        if (state != null && !STATES.contains(state)) {
            throw enumValue("stateValue", state, STATES);
        }
        boolean metricAlarms = wantsMetricAlarms(request);
        Predicate<Alarm> wanted = alarm -> metricAlarms
                && (names.isEmpty() || names.contains(alarm.name()))
                && (prefix == null || alarm.name().startsWith(prefix))
                && (state == null || state.equals(alarm.state()));
        List<Alarm> alarms = stack.alarms().stream().filter(wanted)
                .sorted(Comparator.comparing(Alarm::name)).toList();

        ObjectNode answer = object();
        ArrayNode listed = answer.putArray("MetricAlarms");
        page(alarms, request, answer).forEach(alarm -> listed.add(alarm(alarm)));
        answer.putArray("CompositeAlarms");
        return answer;
    }

    /** Without AlarmTypes only metric alarms are listed; the twin has no composite alarms. */
    private static boolean wantsMetricAlarms(JsonNode request) {
        List<JsonNode> types = elements(request, "AlarmTypes");
        for (JsonNode type : types) {
            if (!type.asText().equals("MetricAlarm") && !type.asText().equals("CompositeAlarm")) {
                throw enumValue("alarmTypes", type.asText(), List.of("CompositeAlarm", "MetricAlarm"));
            }
        }
        return types.isEmpty() || types.stream().anyMatch(t -> t.asText().equals("MetricAlarm"));
    }

    /**
     * One page of a listing. The token is the offset of the next item: enough for the twin, whose lists
     * are small and change only by appending.
     */
    private static <T> List<T> page(List<T> items, JsonNode request, ObjectNode answer) {
        JsonNode maxNode = member(request, "MaxRecords");
        int max = maxNode == null ? MAX_RECORDS : integer(maxNode, "MaxRecords");
        if (max < 1 || max > MAX_RECORDS) {
            throw validation("1 validation error detected: Value '" + max + "' at 'maxRecords' failed to satisfy"
                    + " constraint: Member must have value between 1 and " + MAX_RECORDS);
        }
        String token = optional(request, "NextToken");
        int from = 0;
        if (token != null) {
            if (!token.matches("\\d{1,9}") || Integer.parseInt(token) > items.size()) {
                throw new ApiException(400, "InvalidNextToken", "InvalidNextToken", "The service returned an"
                        + " invalid NextToken.");
            }
            from = Integer.parseInt(token);
        }
        int to = Math.min(items.size(), from + max);
        if (to < items.size()) {
            answer.put("NextToken", String.valueOf(to));
        }
        return items.subList(from, to);
    }

    private ObjectNode alarm(Alarm alarm) {
        ObjectNode node = object().put("AlarmName", alarm.name()).put("AlarmArn", alarm.arn());
        description(alarm).ifPresent(d -> node.put("AlarmDescription", d));
        node.set("AlarmConfigurationUpdatedTimestamp", timestamp(alarm.configurationUpdatedAt()));
        node.put("ActionsEnabled", true);
        node.putArray("OKActions");
        ArrayNode actions = node.putArray("AlarmActions");
        alarm.alarmActions().forEach(actions::add);
        node.putArray("InsufficientDataActions");
        node.put("StateValue", alarm.state()).put("StateReason", alarm.stateReason());
        node.set("StateUpdatedTimestamp", timestamp(alarm.stateUpdatedAt()));
        node.put("MetricName", alarm.metricName()).put("Namespace", alarm.namespace());
        if (MetricStore.SIMPLE_STATISTICS.contains(alarm.statistic())) {
            node.put("Statistic", alarm.statistic());
        } else {
            node.put("ExtendedStatistic", alarm.statistic());
        }
        ArrayNode dimensions = node.putArray("Dimensions");
        new TreeMap<>(alarm.dimensions()).forEach((name, value) ->
                dimensions.addObject().put("Name", name).put("Value", value));
        node.put("Period", alarm.period()).put("EvaluationPeriods", alarm.evaluationPeriods());
        // left out when unset, as CloudWatch answers for an alarm created without them
        alarm.datapointsToAlarm().ifPresent(m -> node.put("DatapointsToAlarm", m));
        node.put("Threshold", alarm.threshold()).put("ComparisonOperator", alarm.comparisonOperator());
        alarm.treatMissingData().ifPresent(t -> node.put("TreatMissingData", t));
        node.set("StateTransitionedTimestamp", timestamp(alarm.stateUpdatedAt()));
        return node;
    }

    /** Target tracking alarms carry the warning Application Auto Scaling writes into them. */
    private static Optional<String> description(Alarm alarm) {
        if (alarm.name().startsWith("TargetTracking-") && !alarm.alarmActions().isEmpty()) {
            return Optional.of("DO NOT EDIT OR DELETE. For TargetTrackingScaling policy "
                    + alarm.alarmActions().get(0) + ".");
        }
        return Optional.empty();
    }

    // ---- DescribeAlarmHistory --------------------------------------------------------------------

    /** An unknown alarm name is an empty history, not an error, as in AWS. */
    private JsonNode describeAlarmHistory(JsonNode request) {
        String name = optional(request, "AlarmName");
        String type = optional(request, "HistoryItemType");
        if (type != null && !HISTORY_TYPES.contains(type)) {
            throw enumValue("historyItemType", type, HISTORY_TYPES);
        }
        Instant from = member(request, "StartDate") == null ? Instant.MIN : time(request, "StartDate");
        Instant to = member(request, "EndDate") == null ? Instant.MAX : time(request, "EndDate");
        boolean ascending = ascending(request);
        boolean metricAlarms = wantsMetricAlarms(request);

        List<Map.Entry<Alarm, Alarm.HistoryItem>> items = new ArrayList<>();
        for (Alarm alarm : stack.alarms()) {
            if (!metricAlarms || (name != null && !name.equals(alarm.name()))) {
                continue;
            }
            for (Alarm.HistoryItem item : alarm.history()) {
                boolean inRange = !item.timestamp().isBefore(from) && !item.timestamp().isAfter(to);
                if (inRange && (type == null || type.equals(item.type()))) {
                    items.add(Map.entry(alarm, item));
                }
            }
        }
        Comparator<Map.Entry<Alarm, Alarm.HistoryItem>> byTime = Comparator.comparing(e -> e.getValue().timestamp());
        items.sort(ascending ? byTime : byTime.reversed());

        ObjectNode answer = object();
        ArrayNode history = answer.putArray("AlarmHistoryItems");
        for (Map.Entry<Alarm, Alarm.HistoryItem> entry : page(items, request, answer)) {
            Alarm.HistoryItem item = entry.getValue();
            ObjectNode node = history.addObject().put("AlarmName", entry.getKey().name()).put("AlarmType", "MetricAlarm");
            node.set("Timestamp", timestamp(item.timestamp()));
            node.put("HistoryItemType", item.type()).put("HistorySummary", item.summary())
                    .put("HistoryData", item.data());
        }
        return answer;
    }
}
