package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/** A metric period is model time: at time scale 10 a 60 s period is 6 wall-clock seconds. */
class ScaledMetricPeriodTest {

    @RegisterExtension
    static final TwinFixture TWIN = new TwinFixture().with("timeScale", "10");

    @Test
    void aSixtySecondPeriodBucketsSixWallSeconds() {
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(120);
        try (CloudWatchClient cloudwatch = TWIN.client(CloudWatchClient.builder())) {
            cloudwatch.putMetricData(b -> b.namespace("Scaled").metricData(
                    d -> d.metricName("M").value(1.0).unit(StandardUnit.COUNT).timestamp(base.plusSeconds(1)),
                    d -> d.metricName("M").value(3.0).unit(StandardUnit.COUNT).timestamp(base.plusSeconds(5)),
                    d -> d.metricName("M").value(10.0).unit(StandardUnit.COUNT).timestamp(base.plusSeconds(7))));

            MetricDataResult result = cloudwatch.getMetricData(b -> b.startTime(base).endTime(base.plusSeconds(60))
                    .scanBy("TimestampAscending")
                    .metricDataQueries(q -> q.id("m").metricStat(s -> s.period(60).stat("Average")
                            .metric(m -> m.namespace("Scaled").metricName("M"))))).metricDataResults().get(0);

            assertThat(result.timestamps()).containsExactly(base, base.plusSeconds(6));
            assertThat(result.values()).containsExactly(2.0, 10.0);
        }
    }
}
