package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import dev.scalingsuite.fleet.ServiceRef;
import dev.scalingsuite.fleet.TaskMinutes;
import dev.scalingsuite.fleet.CallOutcomes;
import dev.scalingsuite.fleet.ConnectTimes;
import dev.scalingsuite.fleet.Telemetry;
import dev.scalingsuite.fleet.ScalingConfiguration;
import dev.scalingsuite.fleet.SessionMetrics;
import dev.scalingsuite.fleet.Timeline;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The charts of a recorded run (a steady-state run on the twin, time scale 10) are checked against
 * the timeline they were drawn from, not against the chart code's own view of it.
 */
class ChartsTest {

    private static final int TIME_SCALE = 10;
    /** RunRecord measures in whole milliseconds: 1 ms of wall time is 1/6000 model minute at scale 10. */
    private static final double MINUTE_TOLERANCE = 1e-3;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static List<Timeline.Event> events;
    private static Instant startedAt;
    private static ChartData data;

    @BeforeAll
    static void readRecordedRun() throws URISyntaxException {
        events = Timeline.read(Path.of(ChartsTest.class.getResource("/report/steady-state-old.ndjson").toURI()));
        startedAt = events.get(0).at();
        data = ChartData.of(run("steady-state", events));
    }

    // ---- the run, built from the timeline ----

    private static RunRecord run(String scenario, List<Timeline.Event> events) {
        Instant start = events.isEmpty() ? Instant.EPOCH : events.get(0).at();
        Instant end = events.stream().map(Timeline.Event::at).max(Instant::compareTo).orElse(start);
        return new RunRecord(scenario,
                new RunRecord.Target("local", "recorded timeline", Optional.empty(), Optional.empty(),
                        ServiceRef.of("voice-agent-poc-cluster", "voice-agent-poc-service")),
                TIME_SCALE, start, end, RunRecord.Outcome.PASSED, "", "unknown",
                new ScalingConfiguration(1, 12, List.of(), List.of(), OptionalInt.empty()), List.of(),
                List.of(), List.of(), CallOutcomes.NONE, List.of(), ConnectTimes.NONE, metrics(events), Map.of(), Map.of(), Map.of(),
                new RunRecord.BaselineState(true, List.of()), events, Telemetry.DEPLOYED, TaskMinutes.NONE,
                new RunRecord.Bounds(java.time.Duration.ofMinutes(90), 600, Optional.empty()));
    }

    /** The final datapoints as the harness would gather them: one per metrics event, numeric fields only. */
    private static List<SessionMetrics> metrics(List<Timeline.Event> events) {
        List<SessionMetrics> metrics = new ArrayList<>();
        for (Timeline.Event e : of("metrics", events)) {
            Map<String, Double> values = new LinkedHashMap<>();
            e.fields().forEach((name, value) -> {
                if (value instanceof Number n) {
                    values.put(name, n.doubleValue());
                }
            });
            metrics.add(new SessionMetrics(Instant.parse((String) e.fields().get("datapointAt")), values));
        }
        return metrics;
    }

    private static List<Timeline.Event> of(String kind, List<Timeline.Event> events) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /** Model minutes since the start, computed here independently of RunRecord. */
    private static double minutes(Instant at) {
        return Duration.between(startedAt, at).toNanos() * TIME_SCALE / 60e9;
    }

    private static double number(Timeline.Event e, String field) {
        return ((Number) e.fields().get(field)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static double sessionsSum(Timeline.Event sessions) {
        return ((Map<String, Number>) sessions.fields().get("byTask")).values().stream()
                .mapToDouble(Number::doubleValue).sum();
    }

    // ---- assertions ----

    /** The series holds exactly the expected points, in order. */
    private static void assertSeries(XYSeries series, List<ChartData.Point> expected) {
        assertThat(series.getItemCount()).as("points of %s", series.getKey()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(series.getX(i).doubleValue()).as("x %d of %s", i, series.getKey())
                    .isEqualTo(expected.get(i).minutes());
            assertThat(series.getY(i).doubleValue()).as("y %d of %s", i, series.getKey())
                    .isEqualTo(expected.get(i).value());
        }
    }

    /** The points match what the timeline recorded: one per event, at its model minute, with its value. */
    private static <T> void assertMatches(List<ChartData.Point> points, List<T> recorded,
            Function<T, Instant> at, Function<T, Double> value) {
        assertThat(points).hasSize(recorded.size());
        for (int i = 0; i < recorded.size(); i++) {
            assertThat(points.get(i).minutes()).as("minute of point %d", i)
                    .isCloseTo(minutes(at.apply(recorded.get(i))), within(MINUTE_TOLERANCE));
            assertThat(points.get(i).value()).as("value of point %d", i).isEqualTo(value.apply(recorded.get(i)));
        }
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        assertThat(png).startsWith(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
        return image;
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private static List<String> subtitles(JFreeChart chart) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof TextTitle t) {
                texts.add(t.getText());
            }
        }
        return texts;
    }

    // ---- tests ----

    @Nested
    class TheRecordedRun {
        @Test
        void hasTheEventsTheChartsAreCheckedAgainst() {
            // Guards the fixture: the other tests would pass vacuously on an empty timeline.
            assertThat(of("service", events)).hasSize(12);
            assertThat(of("sessions", events)).hasSize(17);
            assertThat(of("metrics", events)).hasSize(17);
            assertThat(of("step", events).stream().filter(e -> "started".equals(e.fields().get("state"))))
                    .hasSize(14);
        }

        @Test
        void taskCountsAreTheServiceEvents() {
            List<Timeline.Event> service = of("service", events);
            assertMatches(data.running(), service, Timeline.Event::at, e -> number(e, "running"));
            assertMatches(data.desired(), service, Timeline.Event::at, e -> number(e, "desired"));
        }

        @Test
        void sessionMetricsAreTheDatapointsAtTheirOwnTime() {
            List<Timeline.Event> recorded = of("metrics", events);
            Function<Timeline.Event, Instant> datapointAt = e -> Instant.parse((String) e.fields().get("datapointAt"));
            assertMatches(data.sessionsPerTask(), recorded, datapointAt,
                    e -> number(e, SessionMetrics.SESSIONS_PER_TASK));
            assertMatches(data.activeCount(), recorded, datapointAt,
                    e -> number(e, SessionMetrics.ACTIVE_COUNT));
        }
    }

    @Nested
    class ScalingChart {
        private final JFreeChart chart = Charts.scalingChart(data);
        private final XYPlot plot = chart.getXYPlot();

        @Test
        void tasksDatasetIsRunningAndDesired() {
            XYSeriesCollection tasks = Charts.scalingTasksDataset(data);
            assertThat(tasks.getSeriesCount()).isEqualTo(2);
            assertSeries(tasks.getSeries(0), data.running());
            assertSeries(tasks.getSeries(1), data.desired());
            assertThat(tasks.getSeries(0).getKey()).isEqualTo(Charts.RUNNING);
            assertThat(tasks.getSeries(1).getKey()).isEqualTo(Charts.DESIRED);
        }

        @Test
        void sessionsDatasetIsSessionsPerTaskAndActiveCount() {
            XYSeriesCollection sessions = Charts.scalingSessionsDataset(data);
            assertThat(sessions.getSeriesCount()).isEqualTo(2);
            assertSeries(sessions.getSeries(0), data.sessionsPerTask());
            assertSeries(sessions.getSeries(1), data.activeCount());
        }

        @Test
        void plotsTasksOnTheLeftAxisAndSessionsOnTheRight() {
            assertThat(plot.getDomainAxis().getLabel()).isEqualTo(Charts.TIME_AXIS);
            assertThat(plot.getRangeAxis(0).getLabel()).isEqualTo(Charts.TASKS_AXIS);
            assertThat(plot.getRangeAxis(1).getLabel()).isEqualTo(Charts.SESSIONS_AXIS);
            assertThat(plot.getRangeAxisIndex(plot.getRangeAxisForDataset(0))).isZero();
            assertThat(plot.getRangeAxisIndex(plot.getRangeAxisForDataset(1))).isEqualTo(1);
            assertThat(plot.getDataset(0).getItemCount(0)).isEqualTo(of("service", events).size());
            assertThat(plot.getDataset(1).getItemCount(0)).isEqualTo(of("metrics", events).size());
        }

        @Test
        void marksEveryStartedStepWithItsNumber() {
            List<Timeline.Event> started = of("step", events).stream()
                    .filter(e -> "started".equals(e.fields().get("state"))).toList();
            List<Marker> markers = List.copyOf(plot.getDomainMarkers(Layer.FOREGROUND));
            assertThat(markers).hasSize(started.size());
            for (int i = 0; i < started.size(); i++) {
                ValueMarker marker = (ValueMarker) markers.get(i);
                assertThat(marker.getLabel()).isEqualTo(String.valueOf(started.get(i).fields().get("index")));
                assertThat(marker.getValue()).isCloseTo(minutes(started.get(i).at()), within(MINUTE_TOLERANCE));
            }
            assertThat(markers).extracting(Marker::getLabel)
                    .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14");
        }

        @Test
        void titleNamesTheScenarioAndTheTimeScale() {
            assertThat(chart.getTitle().getText()).isEqualTo("Scaling — steady-state");
            assertThat(subtitles(chart)).contains("model time, time scale 10 (twin runs 10x faster than AWS)");
            assertThat(chart.getLegend().getPosition()).isEqualTo(RectangleEdge.BOTTOM);
        }

        @Test
        void rendersANonBlankPngOfTheIntendedSize() throws IOException {
            BufferedImage image = decode(Charts.scaling(data));
            assertThat(distinctColours(image)).isGreaterThan(100);
        }
    }

    @Nested
    class DistributionChart {
        private final DefaultTableXYDataset dataset = Charts.distributionDataset(data);

        @Test
        void hasOneSeriesPerTaskThatHeldASession() {
            assertThat(dataset.getSeriesCount()).isEqualTo(data.sessionsByTask().size());
            List<Comparable<?>> keys = new ArrayList<>();
            for (int s = 0; s < dataset.getSeriesCount(); s++) {
                keys.add(dataset.getSeriesKey(s));
            }
            // The three tasks started for the last scale-out never received a call.
            assertThat(keys).containsExactlyInAnyOrder("f5d9b219", "12c8be9e", "ac837f91", "50cc70e7");
            for (int s = 0; s < dataset.getSeriesCount(); s++) {
                assertSeries(dataset.getSeries(s), data.sessionsByTask().get(dataset.getSeriesKey(s)));
            }
        }

        @Test
        void stackSumsToTheSessionsOfEachEvent() {
            List<Timeline.Event> sessions = of("sessions", events);
            assertThat(dataset.getItemCount()).isEqualTo(sessions.size());
            for (int i = 0; i < sessions.size(); i++) {
                double sum = 0;
                for (int s = 0; s < dataset.getSeriesCount(); s++) {
                    sum += dataset.getYValue(s, i);
                }
                assertThat(dataset.getXValue(0, i)).as("minute of event %d", i)
                        .isCloseTo(minutes(sessions.get(i).at()), within(MINUTE_TOLERANCE));
                assertThat(sum).as("sessions at event %d", i).isEqualTo(sessionsSum(sessions.get(i)));
            }
        }

        @Test
        void keepsTheLaterReadingWhenTwoEventsShareAnInstant() {
            ChartData twice = new ChartData("dup", 1, List.of(), List.of(), List.of(), List.of(), List.of(),
                    Map.of("aaaaaaaa", List.of(new ChartData.Point(0, 1), new ChartData.Point(1, 2),
                            new ChartData.Point(1, 3))), "SessionsPerTask", "ActiveCount");
            DefaultTableXYDataset deduplicated = Charts.distributionDataset(twice);
            assertThat(deduplicated.getItemCount()).isEqualTo(2);
            assertThat(deduplicated.getYValue(0, 1)).isEqualTo(3.0);
            assertThatCode(() -> decode(Charts.distribution(twice))).doesNotThrowAnyException();
        }

        @Test
        void titleAxesAndLegend() {
            JFreeChart chart = Charts.distributionChart(data);
            assertThat(chart.getTitle().getText()).isEqualTo("Active sessions per task — steady-state");
            assertThat(chart.getXYPlot().getDomainAxis().getLabel()).isEqualTo(Charts.TIME_AXIS);
            assertThat(chart.getXYPlot().getRangeAxis().getLabel()).isEqualTo("active sessions");
            assertThat(chart.getLegend()).isNotNull();
        }

        @Test
        void rendersANonBlankPngOfTheIntendedSize() throws IOException {
            BufferedImage image = decode(Charts.distribution(data));
            assertThat(distinctColours(image)).isGreaterThan(100);
        }
    }

    @Nested
    class EmptyRun {
        private final ChartData empty = ChartData.of(run("empty", List.of()));

        @Test
        void hasNoSeriesPoints() {
            assertThat(empty.running()).isEmpty();
            assertThat(empty.steps()).isEmpty();
            assertThat(empty.sessionsByTask()).isEmpty();
            assertThat(Charts.distributionDataset(empty).getSeriesCount()).isZero();
        }

        @Test
        void stillRendersBothChartsWithTheirAxes() throws IOException {
            // Axes, titles and the "no data" note still draw: text antialiasing alone gives many shades.
            assertThat(distinctColours(decode(Charts.scaling(empty)))).isGreaterThan(10);
            assertThat(distinctColours(decode(Charts.distribution(empty)))).isGreaterThan(10);
            assertThat(Charts.scalingChart(empty).getXYPlot().getNoDataMessage()).isEqualTo(Charts.NO_DATA);
        }

        @Test
        void namesTheRealTimeScaleOfAws() {
            ChartData aws = new ChartData("aws", 1, List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(),
                    "SessionsPerTask", "ActiveCount");
            assertThat(subtitles(Charts.scalingChart(aws))).contains("model time, time scale 1 (real time, as on AWS)");
        }
    }
}
