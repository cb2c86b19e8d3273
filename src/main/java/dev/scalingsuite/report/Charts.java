package dev.scalingsuite.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The two PNG charts of a run, drawn with JFreeChart from {@link ChartData}: the scaling chart
 * (task counts against the session metrics, with the steps as markers) and the distribution chart
 * (each task's active sessions, stacked, to show how the load balancer spread the calls).
 *
 * <p>Rendering only paints into an in-memory image, so it needs no display. The test and harness
 * JVMs run with {@code java.awt.headless=true} (set by surefire and failsafe); nothing here sets
 * global state: the theme is a local instance applied to each chart rather than JFreeChart's
 * shared {@code ChartFactory} theme.
 */
public final class Charts {

    static final int WIDTH = 1200;
    static final int HEIGHT = 600;

    static final String TASKS_AXIS = "tasks";
    static final String SESSIONS_AXIS = "sessions";
    static final String TIME_AXIS = "model time (min)";
    static final String RUNNING = "running tasks";
    static final String DESIRED = "desired tasks";
    static final String NO_DATA = "no data";

    private static final String FONT = Font.SANS_SERIF;
    private static final Color GRID = new Color(0xD0D0D0);
    private static final Color MARKER = new Color(0x707070);
    private static final int MARKER_ROWS = 3;
    /** Distinct, readable on white (JFreeChart's default palette includes yellow). */
    private static final Paint[] PALETTE = {
        new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728),
        new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
        new Color(0xBCBD22), new Color(0x17BECF)};

    private Charts() {
    }

    /**
     * The scaling chart as a PNG: running and desired tasks (left axis) against SessionsPerTask and
     * ActiveCount (right axis) over model time, each step's start marked with its number.
     *
     * @param data the run's series
     * @return the PNG bytes, 1200x600
     */
    public static byte[] scaling(ChartData data) {
        return png(scalingChart(data));
    }

    /**
     * The distribution chart as a PNG: each task's active sessions over model time, stacked, so the
     * total is the service's active sessions and the bands show how the calls were spread.
     *
     * @param data the run's series
     * @return the PNG bytes, 1200x600
     */
    public static byte[] distribution(ChartData data) {
        return png(distributionChart(data));
    }

    // ---- scaling chart ----

    static JFreeChart scalingChart(ChartData data) {
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(timeAxis());
        plot.setRangeAxis(0, countAxis(TASKS_AXIS));
        plot.setRangeAxis(1, countAxis(SESSIONS_AXIS));
        plot.setDataset(0, scalingTasksDataset(data));
        plot.mapDatasetToRangeAxis(0, 0);
        plot.setDataset(1, scalingSessionsDataset(data));
        plot.mapDatasetToRangeAxis(1, 1);
        JFreeChart chart = chart("Scaling — " + data.title(), plot, timeScaleNote(data.timeScale()));
        // After the theme, which clears the series paints and strokes of renderers already in the plot.
        plot.setRenderer(0, tasksRenderer());
        plot.setRenderer(1, sessionsRenderer());
        List<ChartData.Marker> steps = data.steps();
        for (int i = 0; i < steps.size(); i++) {
            plot.addDomainMarker(stepMarker(steps.get(i), i % MARKER_ROWS), Layer.FOREGROUND);
        }
        return chart;
    }

    /** Running and desired task counts: series 0 and 1, in the order the renderer styles them. */
    static XYSeriesCollection scalingTasksDataset(ChartData data) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(series(RUNNING, data.running()));
        dataset.addSeries(series(DESIRED, data.desired()));
        return dataset;
    }

    /** SessionsPerTask and ActiveCount from the metric datapoints: series 0 and 1. */
    static XYSeriesCollection scalingSessionsDataset(ChartData data) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(series(data.sessionsPerTaskName(), data.sessionsPerTask()));
        dataset.addSeries(series(data.activeCountName(), data.activeCount()));
        return dataset;
    }

    /**
     * Duplicate x values are kept (a service event and its correction may share an instant); the
     * series is sorted by x because the line and step renderers join points in item order.
     */
    private static XYSeries series(String key, List<ChartData.Point> points) {
        XYSeries series = new XYSeries(key, true, true);
        for (ChartData.Point p : points) {
            series.add(p.minutes(), p.value(), false);
        }
        return series;
    }

    /** Task counts change in steps, so they are drawn as steps; desired is dashed to show through running. */
    private static XYStepRenderer tasksRenderer() {
        XYStepRenderer renderer = new XYStepRenderer();
        renderer.setSeriesPaint(0, new Color(0x1F77B4));
        renderer.setSeriesStroke(0, new BasicStroke(3.0f));
        renderer.setSeriesPaint(1, new Color(0xD62728));
        renderer.setSeriesStroke(1, new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {8f, 5f}, 0f));
        return renderer;
    }

    /** Metric datapoints are samples, so each is shown as a shape joined by a thin line. */
    private static XYLineAndShapeRenderer sessionsRenderer() {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x2CA02C));
        renderer.setSeriesStroke(0, new BasicStroke(1.5f));
        renderer.setSeriesPaint(1, new Color(0xFF7F0E));
        renderer.setSeriesStroke(1, new BasicStroke(1.5f));
        return renderer;
    }

    /**
     * A thin line at the step's start. Steps often start seconds apart, so the labels are staggered
     * over {@link #MARKER_ROWS} rows to stay readable.
     */
    private static ValueMarker stepMarker(ChartData.Marker step, int row) {
        ValueMarker marker = new ValueMarker(step.minutes(), MARKER, new BasicStroke(0.8f));
        marker.setLabel(step.label());
        marker.setLabelFont(new Font(FONT, Font.PLAIN, 12));
        marker.setLabelPaint(MARKER);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        marker.setLabelOffset(new RectangleInsets(2 + row * 15, 1, 2, 2));
        return marker;
    }

    /** Says what the x axis means: reports show model time, which a twin compresses. */
    static String timeScaleNote(int timeScale) {
        if (timeScale == 1) {
            return "model time, time scale 1 (real time, as on AWS)";
        }
        return "model time, time scale " + timeScale + " (twin runs " + timeScale + "x faster than AWS)";
    }

    // ---- distribution chart ----

    static JFreeChart distributionChart(ChartData data) {
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(timeAxis());
        plot.setRangeAxis(countAxis("active sessions"));
        plot.setDataset(distributionDataset(data));
        StackedXYAreaRenderer2 renderer = new StackedXYAreaRenderer2();
        // Rounds band edges to whole pixels so adjacent bands leave no hairline gaps.
        renderer.setRoundXCoordinates(true);
        plot.setRenderer(renderer);
        return chart("Active sessions per task — " + data.title(), plot, timeScaleNote(data.timeScale()));
    }

    /**
     * One series per task (short id), all on the same x values as the stacking needs. A table dataset
     * refuses duplicate x values, so when two session events share an instant the later one wins:
     * it is the newer reading of the same moment.
     */
    static DefaultTableXYDataset distributionDataset(ChartData data) {
        DefaultTableXYDataset dataset = new DefaultTableXYDataset();
        for (Map.Entry<String, List<ChartData.Point>> task : data.sessionsByTask().entrySet()) {
            XYSeries series = new XYSeries(task.getKey(), true, false);
            for (ChartData.Point p : task.getValue()) {
                series.addOrUpdate(p.minutes(), p.value());
            }
            dataset.addSeries(series);
        }
        return dataset;
    }

    // ---- shared ----

    private static NumberAxis timeAxis() {
        NumberAxis axis = new NumberAxis(TIME_AXIS);
        // A run starts at 0 but metric datapoints may predate it slightly; let the data set the range.
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    /** Counts of tasks and sessions: whole-number ticks, always from zero. */
    static NumberAxis countAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeIncludesZero(true);
        return axis;
    }

    static JFreeChart chart(String title, XYPlot plot, String subtitle) {
        plot.setNoDataMessage(NO_DATA);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle(subtitle));
        theme().apply(chart);
        // After the theme: it would otherwise reset what these set.
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        plot.setNoDataMessageFont(new Font(FONT, Font.ITALIC, 18));
        return chart;
    }

    /** A local theme: readable fonts and a white plot, without touching ChartFactory's shared theme. */
    private static StandardChartTheme theme() {
        StandardChartTheme theme = new StandardChartTheme("scaling-suite");
        theme.setExtraLargeFont(new Font(FONT, Font.BOLD, 22));
        theme.setLargeFont(new Font(FONT, Font.PLAIN, 15));
        theme.setRegularFont(new Font(FONT, Font.PLAIN, 13));
        theme.setSmallFont(new Font(FONT, Font.PLAIN, 11));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(GRID);
        theme.setRangeGridlinePaint(GRID);
        theme.setShadowVisible(false);
        theme.setDrawingSupplier(new DefaultDrawingSupplier(PALETTE, DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE, DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        return theme;
    }

    /**
     * Encodes in memory: ImageIO's default file cache registers a JVM shutdown hook on first use, which
     * fails while the JVM stops, so the reports of a run ended by Ctrl-C or SIGTERM would lose a chart.
     */
    static byte[] png(JFreeChart chart) {
        return png(chart, HEIGHT);
    }

    /** The chart as a {@link #WIDTH} x {@code height} PNG. */
    static byte[] png(JFreeChart chart, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream stream = new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
            if (!javax.imageio.ImageIO.write(chart.createBufferedImage(WIDTH, height), "png", stream)) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail; an encoder failure is a bug, not a condition to handle.
            throw new UncheckedIOException("Cannot encode the chart " + chart.getTitle().getText(), e);
        }
        return out.toByteArray();
    }
}
