package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.scalingsuite.twin.model.Alarm;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * The twin's CloudWatch through the SDK v2 (Smithy RPC v2 CBOR), and the awsQuery and awsJson 1.0
 * requests the AWS CLI v2 and v1 send. Each test writes its own metric names, so the order of tests
 * does not matter; all data sit a few hours back on whole hours, so periods line up by construction.
 */
class CloudWatchApiTest {

    @RegisterExtension
    /** Scale-in by target tracking on, so the twin has all three alarms: AlarmHigh, AlarmLow and the step alarm. */
    /** Time scale 1: periods in these tests are wall-clock seconds. */
    static final TwinFixture TWIN = new TwinFixture().with("disableScaleIn", "false").with("timeScale", "1");

    private static final String NAMESPACE = "Twin/CloudWatchApiTest";
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
    private static final Instant START = BASE.minus(Duration.ofHours(1));
    private static final Instant END = BASE.plus(Duration.ofHours(1));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static CloudWatchClient cloudWatch;

    @BeforeAll
    static void client() {
        cloudWatch = TWIN.client(CloudWatchClient.builder());
    }

    @AfterAll
    static void close() {
        cloudWatch.close();
    }

    private static Dimension dim(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

    private static Dimension env() {
        return dim("Environment", "poc");
    }

    private static void put(MetricDatum... data) {
        cloudWatch.putMetricData(b -> b.namespace(NAMESPACE).metricData(data));
    }

    private static MetricDatum datum(String metric, Instant at, double value, Dimension... dims) {
        return MetricDatum.builder().metricName(metric).timestamp(at).value(value).dimensions(dims).build();
    }

    private static MetricDataQuery query(String id, String metric, String stat, int period, Dimension... dims) {
        return query(id, metric, stat, period, q -> { }, dims);
    }

    private static MetricDataQuery query(String id, String metric, String stat, int period,
            Consumer<MetricDataQuery.Builder> more, Dimension... dims) {
        MetricDataQuery.Builder b = MetricDataQuery.builder().id(id).metricStat(s -> s
                .metric(m -> m.namespace(NAMESPACE).metricName(metric).dimensions(dims))
                .period(period).stat(stat));
        more.accept(b);
        return b.build();
    }

    private static GetMetricDataResponse get(ScanBy scanBy, MetricDataQuery... queries) {
        return cloudWatch.getMetricData(b -> b.startTime(START).endTime(END).scanBy(scanBy).metricDataQueries(queries));
    }

    private static GetMetricDataResponse get(MetricDataQuery... queries) {
        return cloudWatch.getMetricData(b -> b.startTime(START).endTime(END).metricDataQueries(queries));
    }

    private static MetricDataResult result(GetMetricDataResponse answer, String id) {
        return answer.metricDataResults().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    /** The single value of a query that covers one period. */
    private static double only(GetMetricDataResponse answer, String id) {
        MetricDataResult result = result(answer, id);
        assertThat(result.values()).as("values of %s", id).hasSize(1);
        return result.values().get(0);
    }

    // ---- GetMetricData: statistics -------------------------------------------------------------

    @Test
    void everyStatisticOfRawValuesInOneCall() {
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            values.add((double) i);
        }
        put(MetricDatum.builder().metricName("Stats").timestamp(BASE.plusSeconds(10)).values(values)
                .unit(StandardUnit.COUNT).dimensions(env()).build());

        GetMetricDataResponse answer = get(
                query("avg", "Stats", "Average", 60, env()),
                query("sum", "Stats", "Sum", 60, env()),
                query("min", "Stats", "Minimum", 60, env()),
                query("max", "Stats", "Maximum", 60, env()),
                query("n", "Stats", "SampleCount", 60, env()),
                query("p50", "Stats", "p50", 60, env()),
                query("p90", "Stats", "p90", 60, env()),
                query("p25", "Stats", "p25", 60, env()),
                query("p99_9", "Stats", "p99.9", 60, env()),
                query("p0", "Stats", "p0", 60, env()));

        assertThat(answer.metricDataResults()).extracting(MetricDataResult::id)
                .containsExactly("avg", "sum", "min", "max", "n", "p50", "p90", "p25", "p99_9", "p0");
        assertThat(only(answer, "avg")).isEqualTo(5.5);
        assertThat(only(answer, "sum")).isEqualTo(55.0);
        assertThat(only(answer, "min")).isEqualTo(1.0);
        assertThat(only(answer, "max")).isEqualTo(10.0);
        assertThat(only(answer, "n")).isEqualTo(10.0);
        // nearest rank: the smallest value whose rank reaches p% of the samples
        assertThat(only(answer, "p50")).isEqualTo(5.0);
        assertThat(only(answer, "p90")).isEqualTo(9.0);
        assertThat(only(answer, "p25")).isEqualTo(3.0);
        assertThat(only(answer, "p99_9")).isEqualTo(10.0);
        assertThat(only(answer, "p0")).isEqualTo(1.0);
        assertThat(answer.metricDataResults()).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(StatusCode.COMPLETE);
            assertThat(r.label()).isEqualTo("Stats");
            assertThat(r.timestamps()).containsExactly(BASE);
        });
    }

    @Test
    void statisticSetsAndSingleValuesCombineButPercentilesUseRawValuesOnly() {
        put(MetricDatum.builder().metricName("Mixed").timestamp(BASE.plusSeconds(5)).dimensions(env())
                        .statisticValues(s -> s.sampleCount(4.0).sum(20.0).minimum(2.0).maximum(8.0)).build(),
                datum("Mixed", BASE.plusSeconds(20), 10, env()));

        GetMetricDataResponse answer = get(
                query("n", "Mixed", "SampleCount", 60, env()),
                query("sum", "Mixed", "Sum", 60, env()),
                query("avg", "Mixed", "Average", 60, env()),
                query("min", "Mixed", "Minimum", 60, env()),
                query("max", "Mixed", "Maximum", 60, env()),
                query("p50", "Mixed", "p50", 60, env()));

        assertThat(only(answer, "n")).isEqualTo(5.0);
        assertThat(only(answer, "sum")).isEqualTo(30.0);
        assertThat(only(answer, "avg")).isEqualTo(6.0);
        assertThat(only(answer, "min")).isEqualTo(2.0);
        assertThat(only(answer, "max")).isEqualTo(10.0);
        assertThat(only(answer, "p50")).isEqualTo(10.0);
    }

    @Test
    void valuesWithCountsWeighEachValue() {
        put(MetricDatum.builder().metricName("Counted").timestamp(BASE.plusSeconds(5)).dimensions(env())
                .values(1.0, 2.0).counts(3.0, 1.0).build());

        GetMetricDataResponse answer = get(
                query("n", "Counted", "SampleCount", 60, env()),
                query("avg", "Counted", "Average", 60, env()),
                query("p50", "Counted", "p50", 60, env()),
                query("p90", "Counted", "p90", 60, env()));

        assertThat(only(answer, "n")).isEqualTo(4.0);
        assertThat(only(answer, "avg")).isEqualTo(1.25);
        assertThat(only(answer, "p50")).isEqualTo(1.0);
        assertThat(only(answer, "p90")).isEqualTo(2.0);
    }

    @Test
    void aStatisticSetAloneHasNoPercentile() {
        put(MetricDatum.builder().metricName("SetOnly").timestamp(BASE).dimensions(env())
                .statisticValues(s -> s.sampleCount(2.0).sum(3.0).minimum(1.0).maximum(2.0)).build());

        GetMetricDataResponse answer = get(query("p", "SetOnly", "p50", 60, env()),
                query("avg", "SetOnly", "Average", 60, env()));

        assertThat(result(answer, "p").values()).isEmpty();
        assertThat(only(answer, "avg")).isEqualTo(1.5);
    }

    /** Above 10 KB (here about 15 KB of CBOR) the SDK gzips PutMetricData, its requestCompression trait. */
    @Test
    void aLargeCompressedPutArrivesWhole() {
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            values.add((double) i);
        }
        MetricDatum[] data = new MetricDatum[40];
        for (int i = 0; i < data.length; i++) {
            data[i] = MetricDatum.builder().metricName("Large").timestamp(BASE.plusSeconds(i)).values(values)
                    .dimensions(env()).build();
        }
        put(data);

        GetMetricDataResponse answer = get(query("n", "Large", "SampleCount", 60, env()),
                query("sum", "Large", "Sum", 60, env()), query("p99", "Large", "p99", 60, env()));

        assertThat(only(answer, "n")).isEqualTo(6000.0);
        assertThat(only(answer, "sum")).isEqualTo(40 * 150 * 151 / 2.0);
        assertThat(only(answer, "p99")).isEqualTo(149.0);
    }

    @Test
    void moreThan150ValuesInOneDatumAreRefused() {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i <= 150; i++) {
            values.add((double) i);
        }
        assertThatThrownBy(() -> put(MetricDatum.builder().metricName("TooMany").values(values).build()))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("MetricData.member.1.Values must not have a size greater than 150");
    }

    // ---- GetMetricData: periods, order, identity -------------------------------------------------

    @Test
    void periodsAreAlignedToTheEpochAndOnlyPeriodsWithDataAreReturned() {
        put(datum("Aligned", BASE.plusSeconds(59), 1, env()),
                datum("Aligned", BASE.plusSeconds(61), 2, env()),
                datum("Aligned", BASE.plusSeconds(299), 3, env()),
                datum("Aligned", BASE.plusSeconds(301), 4, env()));

        GetMetricDataResponse answer = get(ScanBy.TIMESTAMP_ASCENDING,
                query("minute", "Aligned", "Sum", 60, env()),
                query("five", "Aligned", "Sum", 300, env()));

        MetricDataResult minute = result(answer, "minute");
        assertThat(minute.timestamps()).containsExactly(BASE, BASE.plusSeconds(60), BASE.plusSeconds(240),
                BASE.plusSeconds(300));
        assertThat(minute.values()).containsExactly(1.0, 2.0, 3.0, 4.0);
        MetricDataResult five = result(answer, "five");
        assertThat(five.timestamps()).containsExactly(BASE, BASE.plusSeconds(300));
        assertThat(five.values()).containsExactly(6.0, 4.0);
    }

    @Test
    void theRangeIsStartInclusiveEndExclusive() {
        put(datum("Range", BASE, 1, env()), datum("Range", BASE.plusSeconds(60), 2, env()),
                datum("Range", BASE.plusSeconds(120), 4, env()));

        GetMetricDataResponse answer = cloudWatch.getMetricData(b -> b.startTime(BASE.plusSeconds(60))
                .endTime(BASE.plusSeconds(120)).metricDataQueries(query("r", "Range", "Sum", 60, env())));

        assertThat(result(answer, "r").values()).containsExactly(2.0);
    }

    @Test
    void newestFirstByDefaultOldestFirstWhenAsked() {
        put(datum("Order", BASE, 1, env()), datum("Order", BASE.plusSeconds(60), 2, env()),
                datum("Order", BASE.plusSeconds(120), 3, env()));

        MetricDataResult descending = result(get(query("o", "Order", "Maximum", 60, env())), "o");
        MetricDataResult ascending = result(get(ScanBy.TIMESTAMP_ASCENDING,
                query("o", "Order", "Maximum", 60, env())), "o");

        assertThat(descending.timestamps()).containsExactly(BASE.plusSeconds(120), BASE.plusSeconds(60), BASE);
        assertThat(descending.values()).containsExactly(3.0, 2.0, 1.0);
        assertThat(ascending.values()).containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void dimensionsMustMatchAsAWholeSetInAnyOrder() {
        Dimension task = dim("TaskId", "abc");
        put(datum("Dims", BASE, 7, env(), task));

        GetMetricDataResponse answer = get(
                query("exact", "Dims", "Sum", 60, task, env()),
                query("subset", "Dims", "Sum", 60, env()),
                query("none", "Dims", "Sum", 60),
                query("other", "Dims", "Sum", 60, env(), dim("TaskId", "xyz")));

        assertThat(result(answer, "exact").values()).containsExactly(7.0);
        assertThat(result(answer, "subset").values()).isEmpty();
        assertThat(result(answer, "none").values()).isEmpty();
        assertThat(result(answer, "other").values()).isEmpty();
        assertThat(result(answer, "other").statusCode()).isEqualTo(StatusCode.COMPLETE);
    }

    @Test
    void aQueryThatNamesAUnitSeesOnlyDataInThatUnit() {
        put(MetricDatum.builder().metricName("Units").timestamp(BASE).value(3.0).unit(StandardUnit.COUNT)
                .dimensions(env()).build());

        GetMetricDataResponse answer = get(
                query("count", "Units", "Sum", 60, q -> q.metricStat(s -> s.metric(m -> m.namespace(NAMESPACE)
                        .metricName("Units").dimensions(env())).period(60).stat("Sum").unit(StandardUnit.COUNT))),
                query("seconds", "Units", "Sum", 60, q -> q.metricStat(s -> s.metric(m -> m.namespace(NAMESPACE)
                        .metricName("Units").dimensions(env())).period(60).stat("Sum").unit(StandardUnit.SECONDS))),
                query("any", "Units", "Sum", 60, env()));

        assertThat(result(answer, "count").values()).containsExactly(3.0);
        assertThat(result(answer, "seconds").values()).isEmpty();
        assertThat(result(answer, "any").values()).containsExactly(3.0);
    }

    @Test
    void labelsReturnDataAndMaxDatapoints() {
        put(datum("Paged", BASE, 1, env()), datum("Paged", BASE.plusSeconds(60), 2, env()),
                datum("Paged", BASE.plusSeconds(120), 3, env()));

        GetMetricDataResponse answer = cloudWatch.getMetricData(b -> b.startTime(START).endTime(END)
                .maxDatapoints(2).metricDataQueries(
                        query("hidden", "Paged", "Sum", 60, q -> q.returnData(false), env()),
                        query("shown", "Paged", "Sum", 60, q -> q.label("Sessions"), env())));

        assertThat(answer.metricDataResults()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("shown");
            assertThat(r.label()).isEqualTo("Sessions");
            assertThat(r.values()).containsExactly(3.0, 2.0);
            assertThat(r.statusCode()).isEqualTo(StatusCode.PARTIAL_DATA);
        });
    }

    @Test
    void putMetricDataWithoutTimestampUsesNow() {
        Instant before = Instant.now().minusSeconds(1);
        put(MetricDatum.builder().metricName("Now").value(1.0).dimensions(env()).build());

        GetMetricDataResponse answer = cloudWatch.getMetricData(b -> b.startTime(before.minusSeconds(120))
                .endTime(Instant.now().plusSeconds(120)).metricDataQueries(query("now", "Now", "SampleCount", 60, env())));

        MetricDataResult result = result(answer, "now");
        assertThat(result.values()).containsExactly(1.0);
        assertThat(result.timestamps().get(0)).isBetween(before.minusSeconds(60), Instant.now());
    }

    // ---- GetMetricData and PutMetricData errors --------------------------------------------------

    @Test
    void aMissingNamespaceIsMissingParameter() {
        assertThatThrownBy(() -> cloudWatch.putMetricData(b -> b.metricData(datum("X", BASE, 1))))
                .isInstanceOfSatisfying(MissingRequiredParameterException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingParameter");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The parameter Namespace is required.");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
    }

    @Test
    void aMissingMetricNameIsMissingParameterWithItsPath() {
        assertThatThrownBy(() -> put(datum("Fine", BASE, 1), MetricDatum.builder().value(1.0).build()))
                .isInstanceOfSatisfying(MissingRequiredParameterException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage())
                        .isEqualTo("The parameter MetricData.member.2.MetricName is required."));
        assertThat(result(get(query("f", "Fine", "Sum", 60)), "f").values())
                .as("a refused call stores none of its data").isEmpty();
    }

    @Test
    void anAwsNamespaceIsAnInvalidParameterValue() {
        assertThatThrownBy(() -> cloudWatch.putMetricData(b -> b.namespace("AWS/ECS")
                .metricData(datum("X", BASE, 1))))
                .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                    assertThat(e.getMessage()).contains("The value AWS/ for parameter Namespace is invalid.");
                });
    }

    @Test
    void aValueThatIsNotANumberIsAnInvalidParameterValue() {
        assertThatThrownBy(() -> put(datum("NaN", BASE, Double.NaN)))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("MetricData.member.1.Value");
    }

    @Test
    void valueAndStatisticValuesTogetherAreAnInvalidCombination() {
        assertThatThrownBy(() -> put(MetricDatum.builder().metricName("Both").value(1.0)
                .statisticValues(s -> s.sampleCount(1.0).sum(1.0).minimum(1.0).maximum(1.0)).build()))
                .isInstanceOfSatisfying(InvalidParameterCombinationException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination");
                    assertThat(e.getMessage()).contains("mutually exclusive");
                });
    }

    @Test
    void valuesAndCountsOfDifferentSizesAreRefused() {
        assertThatThrownBy(() -> put(MetricDatum.builder().metricName("Sizes").values(1.0, 2.0).counts(1.0).build()))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("must be of the same size");
    }

    /** AWS answers GetMetricData's query checks with ValidationError, which the SDK does not model. */
    private static void assertValidationError(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isExactlyInstanceOf(CloudWatchException.class)
                .satisfies(e -> {
                    CloudWatchException cw = (CloudWatchException) e;
                    assertThat(cw.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(cw.statusCode()).isEqualTo(400);
                    assertThat(cw.awsErrorDetails().errorMessage()).contains(message);
                });
    }

    @Test
    void anUnknownStatisticIsAValidationError() {
        assertValidationError(() -> get(query("m", "X", "Median", 60)),
                "The value for parameter MetricDataQueries.member.1.MetricStat.Stat is not a valid statistic");
        assertValidationError(() -> get(query("m", "X", "p101", 60)), "is not a valid statistic");
    }

    @Test
    void duplicateIdsAreAValidationError() {
        assertValidationError(() -> get(query("m", "X", "Sum", 60), query("m", "Y", "Sum", 60)),
                "The values for parameter id in MetricDataQueries are not unique.");
    }

    @Test
    void anIdMustStartWithALowerCaseLetter() {
        assertValidationError(() -> get(query("M1", "X", "Sum", 60)),
                "The value M1 for parameter MetricDataQueries.member.1.Id is not matching the expected pattern");
    }

    @Test
    void aMissingIdIsMissingParameter() {
        assertThatThrownBy(() -> get(MetricDataQuery.builder().metricStat(s -> s.metric(m -> m.namespace(NAMESPACE)
                .metricName("X")).period(60).stat("Sum")).build()))
                .isInstanceOfSatisfying(MissingRequiredParameterException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage())
                        .isEqualTo("The parameter MetricDataQueries.member.1.Id is required."));
    }

    @Test
    void aPeriodThatIsNotAMultipleOfSixtyIsAValidationError() {
        assertValidationError(() -> get(query("m", "X", "Sum", 90)), "MetricStat.Period must be 1, 5, 10, 30");
    }

    @Test
    void metricMathIsAValidationErrorThatNamesTheTwin() {
        assertValidationError(() -> get(query("m", "X", "Sum", 60),
                MetricDataQuery.builder().id("e").expression("m * 2").build()),
                "The twin does not evaluate metric math");
    }

    @Test
    void startMustBeBeforeEnd() {
        assertValidationError(() -> cloudWatch.getMetricData(b -> b.startTime(END).endTime(START)
                .metricDataQueries(query("m", "X", "Sum", 60))),
                "The parameter StartTime must be less than the parameter EndTime.");
    }

    // ---- DescribeAlarms --------------------------------------------------------------------------

    private static List<Alarm> twinAlarms() {
        synchronized (TWIN.twin().stack()) {
            return List.copyOf(TWIN.twin().stack().alarms());
        }
    }

    @Test
    void describeAlarmsListsTheTwinsAlarmsByName() {
        DescribeAlarmsResponse answer = cloudWatch.describeAlarms();

        List<String> expected = twinAlarms().stream().map(Alarm::name).sorted().toList();
        assertThat(expected).hasSize(3);
        assertThat(answer.metricAlarms()).extracting(MetricAlarm::alarmName).containsExactlyElementsOf(expected);
        assertThat(answer.compositeAlarms()).isEmpty();
        assertThat(answer.nextToken()).isNull();
    }

    @Test
    void theHighAlarmCarriesTheTargetTrackingDefinition() {
        Alarm twin = twinAlarms().stream().filter(a -> a.name().contains("-AlarmHigh-")).findFirst().orElseThrow();

        MetricAlarm alarm = cloudWatch.describeAlarms(b -> b.alarmNames(twin.name())).metricAlarms().get(0);

        assertThat(alarm.alarmArn()).isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + twin.name());
        assertThat(alarm.alarmDescription()).startsWith("DO NOT EDIT OR DELETE. For TargetTrackingScaling policy arn:");
        assertThat(alarm.namespace()).isEqualTo("VoiceAgent/Sessions");
        assertThat(alarm.metricName()).isEqualTo("SessionsPerTask");
        assertThat(alarm.dimensions()).containsExactly(env());
        assertThat(alarm.statisticAsString()).isEqualTo("Average");
        assertThat(alarm.period()).isEqualTo(60);
        assertThat(alarm.evaluationPeriods()).isEqualTo(3);
        assertThat(alarm.datapointsToAlarm()).isEqualTo(3);
        assertThat(alarm.threshold()).isEqualTo(twin.threshold());
        assertThat(alarm.comparisonOperator()).isEqualTo(ComparisonOperator.GREATER_THAN_THRESHOLD);
        assertThat(alarm.treatMissingData()).isEqualTo("missing");
        assertThat(alarm.actionsEnabled()).isTrue();
        assertThat(alarm.alarmActions()).containsExactlyElementsOf(twin.alarmActions());
        assertThat(alarm.okActions()).isEmpty();
        assertThat(alarm.insufficientDataActions()).isEmpty();
        assertThat(alarm.stateValue()).isEqualTo(StateValue.fromValue(twin.state()));
        assertThat(alarm.stateReason()).isEqualTo(twin.stateReason());
        assertThat(alarm.stateUpdatedTimestamp()).isEqualTo(twin.stateUpdatedAt().truncatedTo(ChronoUnit.MILLIS));
        assertThat(alarm.alarmConfigurationUpdatedTimestamp())
                .isEqualTo(twin.configurationUpdatedAt().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void anAlarmCreatedWithoutDatapointsToAlarmOrTreatMissingDataReportsNeither() {
        // as CDK creates a step scaling alarm: EvaluationPeriods only
        Alarm cdk = new Alarm("cdk-step-alarm", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cdk-step-alarm",
                "VoiceAgent/Sessions", "SessionsPerTask", Map.of("Environment", "poc"), "Average", 60, 2,
                OptionalInt.empty(), 0, "LessThanOrEqualToThreshold", Optional.empty(), List.of(), Instant.now());
        synchronized (TWIN.twin().stack()) {
            TWIN.twin().stack().alarms().add(cdk);
        }
        try {
            MetricAlarm alarm = cloudWatch.describeAlarms(b -> b.alarmNames(cdk.name())).metricAlarms().get(0);

            assertThat(alarm.evaluationPeriods()).isEqualTo(2);
            assertThat(alarm.datapointsToAlarm()).isNull();
            assertThat(alarm.treatMissingData()).isNull();
            assertThat(alarm.comparisonOperator()).isEqualTo(ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD);
            assertThat(alarm.threshold()).isEqualTo(0.0);
            // and it is evaluated as CloudWatch evaluates it: 2 of 2, missing data as missing
            assertThat(cdk.datapoints()).isEqualTo(2);
            assertThat(cdk.missingDataPolicy()).isEqualTo("missing");
        } finally {
            synchronized (TWIN.twin().stack()) {
                TWIN.twin().stack().alarms().remove(cdk);
            }
        }
    }

    @Test
    void describeAlarmsFiltersByPrefixStateAndType() {
        assertThat(cloudWatch.describeAlarms(b -> b.alarmNamePrefix("TargetTracking-")).metricAlarms())
                .hasSize(2).allSatisfy(a -> assertThat(a.alarmName()).startsWith("TargetTracking-"));
        assertThat(cloudWatch.describeAlarms(b -> b.alarmNames("no-such-alarm")).metricAlarms()).isEmpty();
        assertThat(cloudWatch.describeAlarms(b -> b.stateValue(StateValue.OK)).metricAlarms()).isEmpty();
        assertThat(cloudWatch.describeAlarms(b -> b.alarmTypes(AlarmType.COMPOSITE_ALARM)).metricAlarms()).isEmpty();
        assertThat(cloudWatch.describeAlarms(b -> b.alarmTypes(AlarmType.METRIC_ALARM)).metricAlarms()).hasSize(3);
    }

    @Test
    void describeAlarmsPagesWithMaxRecords() {
        DescribeAlarmsResponse first = cloudWatch.describeAlarms(b -> b.maxRecords(2));
        DescribeAlarmsResponse second = cloudWatch.describeAlarms(b -> b.maxRecords(2).nextToken(first.nextToken()));

        assertThat(first.metricAlarms()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();
        assertThat(second.metricAlarms()).hasSize(1);
        assertThat(second.nextToken()).isNull();
        assertThat(cloudWatch.describeAlarmsPaginator(b -> b.maxRecords(1)).metricAlarms()).hasSize(3);
    }

    @Test
    void describeAlarmsRefusesBadArguments() {
        assertThatThrownBy(() -> cloudWatch.describeAlarms(b -> b.alarmNames("a").alarmNamePrefix("a")))
                .isInstanceOf(InvalidParameterCombinationException.class)
                .hasMessageContaining("AlarmNamePrefix and AlarmNames cannot be specified together.");
        assertValidationError(() -> cloudWatch.describeAlarms(b -> b.maxRecords(101)),
                "Member must have value between 1 and 100");
        assertThatThrownBy(() -> cloudWatch.describeAlarms(b -> b.nextToken("garbage")))
                .isInstanceOfSatisfying(CloudWatchException.class, e -> assertThat(
                        e.awsErrorDetails().errorCode()).isEqualTo("InvalidNextToken"));
    }

    // ---- DescribeAlarmHistory --------------------------------------------------------------------

    @Test
    void alarmHistoryShowsCreationAndStateChangesNewestFirst() {
        Alarm low;
        Instant changed = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        synchronized (TWIN.twin().stack()) {
            low = TWIN.twin().stack().alarms().stream().filter(a -> a.name().contains("ScaleInLowerAlarm"))
                    .findFirst().orElseThrow();
            low.transition("ALARM", "Threshold Crossed: 5 datapoints were less than the threshold (1.0).", "", changed);
        }

        List<AlarmHistoryItem> items = cloudWatch.describeAlarmHistory(b -> b.alarmName(low.name())).alarmHistoryItems();

        assertThat(items).extracting(AlarmHistoryItem::historyItemType)
                .containsExactly(HistoryItemType.STATE_UPDATE, HistoryItemType.CONFIGURATION_UPDATE);
        AlarmHistoryItem state = items.get(0);
        assertThat(state.alarmName()).isEqualTo(low.name());
        assertThat(state.alarmType()).isEqualTo(AlarmType.METRIC_ALARM);
        assertThat(state.timestamp()).isEqualTo(changed);
        assertThat(state.historySummary()).isEqualTo("Alarm updated from INSUFFICIENT_DATA to ALARM");
        assertThat(state.historyData()).contains("\"stateValue\":\"ALARM\"");
        assertThat(items.get(1).historySummary()).isEqualTo("Alarm \"" + low.name() + "\" created");

        assertThat(cloudWatch.describeAlarmHistory(b -> b.alarmName(low.name()).scanBy(ScanBy.TIMESTAMP_ASCENDING))
                .alarmHistoryItems()).extracting(AlarmHistoryItem::historyItemType)
                .containsExactly(HistoryItemType.CONFIGURATION_UPDATE, HistoryItemType.STATE_UPDATE);
        assertThat(cloudWatch.describeAlarmHistory(b -> b.historyItemType(HistoryItemType.STATE_UPDATE))
                .alarmHistoryItems()).extracting(AlarmHistoryItem::alarmName).containsExactly(low.name());
        assertThat(cloudWatch.describeAlarmHistory(b -> b.alarmName(low.name()).startDate(changed.plusSeconds(1))
                .endDate(changed.plusSeconds(60))).alarmHistoryItems()).isEmpty();
        assertThat(cloudWatch.describeAlarms(b -> b.alarmNames(low.name())).metricAlarms().get(0).stateValue())
                .isEqualTo(StateValue.ALARM);
    }

    @Test
    void historyOfAllAlarmsAndOfAnUnknownAlarm() {
        int alarms = twinAlarms().size();
        assertThat(cloudWatch.describeAlarmHistory(b -> b.historyItemType(HistoryItemType.CONFIGURATION_UPDATE))
                .alarmHistoryItems()).hasSize(alarms);
        assertThat(cloudWatch.describeAlarmHistory(b -> b.alarmName("no-such-alarm")).alarmHistoryItems()).isEmpty();
        assertThat(cloudWatch.describeAlarmHistory(b -> b.historyItemType(HistoryItemType.CONFIGURATION_UPDATE)
                .maxRecords(1)).nextToken()).isEqualTo("1");
    }

    // ---- the AWS CLI's protocols: awsQuery (CLI v2) and awsJson 1.0 (CLI v1) ----------------------

    private static HttpResponse<String> post(String contentType, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(TWIN.twin().endpoints().aws())
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> query(Map<String, String> form) throws Exception {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Version", "2010-08-01");
        all.putAll(form);
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return post("application/x-www-form-urlencoded; charset=utf-8", Map.of(), body);
    }

    private static Element xml(String body) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        return doc.getDocumentElement();
    }

    private static List<String> texts(Element root, String tag) {
        List<String> out = new ArrayList<>();
        var nodes = root.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void awsQueryPutAndGetMetricDataAnswersXmlWithIsoTimestamps() throws Exception {
        HttpResponse<String> put = query(Map.of("Action", "PutMetricData", "Namespace", NAMESPACE,
                "MetricData.member.1.MetricName", "Query",
                "MetricData.member.1.Dimensions.member.1.Name", "Environment",
                "MetricData.member.1.Dimensions.member.1.Value", "poc",
                "MetricData.member.1.Timestamp", BASE.plusSeconds(30).toString(),
                "MetricData.member.1.Value", "2.5",
                "MetricData.member.1.Unit", "Count"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(xml(put.body()).getTagName()).isEqualTo("PutMetricDataResponse");

        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "GetMetricData");
        form.put("MetricDataQueries.member.1.Id", "q");
        form.put("MetricDataQueries.member.1.MetricStat.Metric.Namespace", NAMESPACE);
        form.put("MetricDataQueries.member.1.MetricStat.Metric.MetricName", "Query");
        form.put("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name", "Environment");
        form.put("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value", "poc");
        form.put("MetricDataQueries.member.1.MetricStat.Period", "60");
        form.put("MetricDataQueries.member.1.MetricStat.Stat", "Sum");
        form.put("StartTime", START.toString());
        form.put("EndTime", END.toString());
        HttpResponse<String> get = query(form);

        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        assertThat(get.headers().firstValue("Content-Type")).hasValue("text/xml");
        Element root = xml(get.body());
        assertThat(root.getTagName()).isEqualTo("GetMetricDataResponse");
        assertThat(root.getAttribute("xmlns")).isEqualTo("http://monitoring.amazonaws.com/doc/2010-08-01/");
        assertThat(get.body()).contains("<GetMetricDataResult><MetricDataResults><member><Id>q</Id>"
                + "<Label>Query</Label><Timestamps><member>" + BASE + "</member></Timestamps>"
                + "<Values><member>2.5</member></Values><StatusCode>Complete</StatusCode>");
        assertThat(texts(root, "RequestId")).hasSize(1);
    }

    @Test
    void awsQueryDescribeAlarmsAnswersXml() throws Exception {
        HttpResponse<String> answer = query(Map.of("Action", "DescribeAlarms", "AlarmNamePrefix", "TargetTracking-",
                "MaxRecords", "10"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Element root = xml(answer.body());
        assertThat(root.getTagName()).isEqualTo("DescribeAlarmsResponse");
        assertThat(texts(root, "AlarmName")).hasSize(2).allSatisfy(n -> assertThat(n).startsWith("TargetTracking-"));
        assertThat(texts(root, "StateUpdatedTimestamp")).allSatisfy(t ->
                assertThat(t).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
        assertThat(texts(root, "Threshold")).allSatisfy(t -> assertThat(Double.parseDouble(t)).isPositive());
        assertThat(answer.body()).contains("<Dimensions><member><Name>Environment</Name><Value>poc</Value>"
                + "</member></Dimensions>");
        assertThat(answer.body()).contains("<CompositeAlarms></CompositeAlarms>");
    }

    @Test
    void awsQueryErrorsCarryTheQueryCode() throws Exception {
        HttpResponse<String> answer = query(Map.of("Action", "PutMetricData", "MetricData.member.1.MetricName", "X",
                "MetricData.member.1.Value", "1"));

        assertThat(answer.statusCode()).isEqualTo(400);
        Element root = xml(answer.body());
        assertThat(root.getTagName()).isEqualTo("ErrorResponse");
        assertThat(texts(root, "Type")).containsExactly("Sender");
        assertThat(texts(root, "Code")).containsExactly("MissingParameter");
        assertThat(texts(root, "Message")).containsExactly("The parameter Namespace is required.");

        HttpResponse<String> unknown = query(Map.of("Action", "DeleteEverything"));
        assertThat(texts(xml(unknown.body()), "Code")).containsExactly("InvalidAction");
    }

    private static HttpResponse<String> json(String operation, String body) throws Exception {
        return post("application/x-amz-json-1.0",
                Map.of("X-Amz-Target", "GraniteServiceVersion20100801." + operation), body);
    }

    @Test
    void awsJsonDescribeAlarmsAnswersEpochSeconds() throws Exception {
        HttpResponse<String> answer = json("DescribeAlarms", "{\"AlarmNamePrefix\":\"TargetTracking-\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        JsonNode tree = new ObjectMapper().readTree(answer.body());
        assertThat(tree.get("MetricAlarms")).hasSize(2);
        JsonNode first = tree.get("MetricAlarms").get(0);
        assertThat(first.get("StateUpdatedTimestamp").isNumber()).isTrue();
        assertThat(first.get("StateUpdatedTimestamp").asDouble())
                .isCloseTo(Instant.now().getEpochSecond(), within(2.0 * 86_400));
        assertThat(first.get("Dimensions").get(0).get("Name").asText()).isEqualTo("Environment");
        assertThat(tree.get("CompositeAlarms")).isEmpty();
    }

    @Test
    void awsJsonGetMetricDataAndItsErrors() throws Exception {
        put(datum("Json", BASE, 4, env()));
        HttpResponse<String> answer = json("GetMetricData", "{\"StartTime\":" + START.getEpochSecond()
                + ",\"EndTime\":" + END.getEpochSecond() + ",\"MetricDataQueries\":[{\"Id\":\"j\",\"MetricStat\":"
                + "{\"Metric\":{\"Namespace\":\"" + NAMESPACE + "\",\"MetricName\":\"Json\",\"Dimensions\":"
                + "[{\"Name\":\"Environment\",\"Value\":\"poc\"}]},\"Period\":60,\"Stat\":\"Maximum\"}}]}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode result = new ObjectMapper().readTree(answer.body()).get("MetricDataResults").get(0);
        assertThat(result.get("Timestamps").get(0).asLong()).isEqualTo(BASE.getEpochSecond());
        assertThat(result.get("Values").get(0).asDouble()).isEqualTo(4.0);

        HttpResponse<String> error = json("PutMetricData", "{\"Namespace\":\"AWS/X\",\"MetricData\":[]}");
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.headers().firstValue("x-amzn-query-error")).hasValue("InvalidParameterValue;Sender");
        assertThat(new ObjectMapper().readTree(error.body()).get("__type").asText())
                .isEqualTo("InvalidParameterValueException");
    }

    @Test
    void anUnknownCborOperationIsUnknownOperationException() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(TWIN.twin().endpoints().aws()
                        .resolve("/service/GraniteServiceVersion20100801/operation/DeleteEverything"))
                .header("smithy-protocol", "rpc-v2-cbor").header("Content-Type", "application/cbor")
                .header("Accept", "application/cbor")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new CBORMapper().writeValueAsBytes(Map.of())))
                .build();

        HttpResponse<byte[]> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("smithy-protocol")).hasValue("rpc-v2-cbor");
        JsonNode error = new CBORMapper().readTree(answer.body());
        assertThat(error.get("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(error.get("message").asText()).contains("DeleteEverything");
    }
}
