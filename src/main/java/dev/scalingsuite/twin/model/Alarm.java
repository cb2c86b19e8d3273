package dev.scalingsuite.twin.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A CloudWatch metric alarm: its definition as DescribeAlarms reports it, its state, and its
 * history. The control plane evaluates it; the definition never changes behind the API's back.
 * DatapointsToAlarm and TreatMissingData are optional, as in PutMetricAlarm: an alarm created without
 * them (as CDK creates a step scaling alarm) reports neither, needs EvaluationPeriods breaching
 * datapoints and treats missing data as {@code missing}.
 */
public final class Alarm {

    /** CloudWatch's TreatMissingData when none is set: a missing datapoint neither breaches nor not. */
    public static final String MISSING = "missing";

    private final String name;
    private final String arn;
    private final String namespace;
    private final String metricName;
    private final Map<String, String> dimensions;
    private final String statistic;
    private final int period;
    private final int evaluationPeriods;
    private final OptionalInt datapointsToAlarm;
    private final double threshold;
    private final String comparisonOperator;
    private final Optional<String> treatMissingData;
    private final List<String> alarmActions;
    private final Instant configurationUpdatedAt;
    private String state = "INSUFFICIENT_DATA";
    private String stateReason = "Unchecked: Initial alarm creation";
    private Instant stateUpdatedAt;
    private final List<HistoryItem> history = new ArrayList<>();

    public Alarm(String name, String arn, String namespace, String metricName, Map<String, String> dimensions,
            String statistic, int period, int evaluationPeriods, OptionalInt datapointsToAlarm, double threshold,
            String comparisonOperator, Optional<String> treatMissingData, List<String> alarmActions,
            Instant createdAt) {
        this.name = name;
        this.arn = arn;
        this.namespace = namespace;
        this.metricName = metricName;
        this.dimensions = Map.copyOf(dimensions);
        this.statistic = statistic;
        this.period = period;
        this.evaluationPeriods = evaluationPeriods;
        this.datapointsToAlarm = datapointsToAlarm;
        this.threshold = threshold;
        this.comparisonOperator = comparisonOperator;
        this.treatMissingData = treatMissingData;
        this.alarmActions = List.copyOf(alarmActions);
        this.configurationUpdatedAt = createdAt;
        this.stateUpdatedAt = createdAt;
        history.add(new HistoryItem(createdAt, "ConfigurationUpdate", "Alarm \"" + name + "\" created", "{}"));
    }

    public String name() { return name; }
    public String arn() { return arn; }
    public String namespace() { return namespace; }
    public String metricName() { return metricName; }
    public Map<String, String> dimensions() { return dimensions; }
    public String statistic() { return statistic; }
    public int period() { return period; }
    public int evaluationPeriods() { return evaluationPeriods; }
    /** DatapointsToAlarm as configured; empty when the alarm was created without it. */
    public OptionalInt datapointsToAlarm() { return datapointsToAlarm; }

    /** How many of the EvaluationPeriods must breach: DatapointsToAlarm, or else all of them, as CloudWatch does. */
    public int datapoints() { return datapointsToAlarm.orElse(evaluationPeriods); }
    public double threshold() { return threshold; }
    public String comparisonOperator() { return comparisonOperator; }
    /** TreatMissingData as configured; empty when the alarm was created without it. */
    public Optional<String> treatMissingData() { return treatMissingData; }

    /** How missing datapoints count: TreatMissingData, or else {@code missing}, CloudWatch's default. */
    public String missingDataPolicy() { return treatMissingData.orElse(MISSING); }
    public List<String> alarmActions() { return alarmActions; }
    public Instant configurationUpdatedAt() { return configurationUpdatedAt; }
    public String state() { return state; }
    public String stateReason() { return stateReason; }
    public Instant stateUpdatedAt() { return stateUpdatedAt; }

    public List<HistoryItem> history() {
        return List.copyOf(history);
    }

    /** Moves the alarm to a new state and records a StateUpdate history item; no-op if unchanged. */
    public void transition(String newState, String reason, String reasonData, Instant at) {
        if (newState.equals(state)) {
            return;
        }
        String summary = "Alarm updated from " + state + " to " + newState;
        history.add(new HistoryItem(at, "StateUpdate", summary,
                "{\"version\":\"1.0\",\"oldState\":{\"stateValue\":\"" + state + "\"},\"newState\":{\"stateValue\":\""
                        + newState + "\",\"stateReason\":\"" + reason.replace("\"", "'") + "\"" + reasonData + "}}"));
        state = newState;
        stateReason = reason;
        stateUpdatedAt = at;
    }

    /** Records that the alarm's action ran, e.g. a scaling policy was invoked. */
    public void actionExecuted(String summary, Instant at) {
        history.add(new HistoryItem(at, "Action", summary, "{}"));
    }

    public record HistoryItem(Instant timestamp, String type, String summary, String data) {
    }
}
