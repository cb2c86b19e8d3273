package dev.scalingsuite.report;

import dev.scalingsuite.fleet.Kpi;
import java.awt.BasicStroke;
import java.util.List;
import java.util.OptionalDouble;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code trends.png}: every KPI over the last runs of a scenario, one panel per group of KPIs of one unit
 * (scaling times, cold start p50 and p95, the calls' times, the agent's latency, tasks, task-minutes, cost,
 * calls),
 * the runs oldest first on a shared axis, this run last. A run that did not measure a KPI leaves a gap.
 * Drawn in the style of the run's own charts ({@link Charts}).
 */
public final class TrendChart {

    static final String RUNS_AXIS = "run (oldest first; the last is this run)";
    static final int PANEL_HEIGHT = 260;

    /** The panels, each a title (with the unit) and its KPIs. */
    record Panel(String title, List<Kpi> kpis) {
    }

    static final List<Panel> PANELS = List.of(
            new Panel("scaling (s)", List.of(Kpi.FIRST_DECISION, Kpi.FIRST_SERVING, Kpi.BACK_TO_MINIMUM,
                    Kpi.BREACH_TO_ACTIVITY, Kpi.ACTIVITY_TO_SERVING)),
            new Panel("cold start p50 (s)", List.of(Kpi.SCHEDULING_P50, Kpi.IMAGE_PULL_P50, Kpi.CONTAINER_START_P50,
                    Kpi.APP_INIT_P50, Kpi.HEALTH_CHECKS_P50, Kpi.COLD_START_P50)),
            new Panel("cold start p95 (s)", List.of(Kpi.SCHEDULING_P95, Kpi.IMAGE_PULL_P95, Kpi.CONTAINER_START_P95,
                    Kpi.APP_INIT_P95, Kpi.HEALTH_CHECKS_P95, Kpi.COLD_START_P95)),
            new Panel("calls (ms, wall)", List.of(Kpi.SETUP_P50, Kpi.SETUP_P95, Kpi.SETUP_P99, Kpi.CONNECT_P50,
                    Kpi.CONNECT_P95, Kpi.CONNECT_P99)),
            new Panel("agent latency (ms)", List.of(Kpi.LATENCY_P50, Kpi.LATENCY_P95, Kpi.LATENCY_P99)),
            new Panel("tasks", List.of(Kpi.PEAK_TASKS, Kpi.POLICY_TASKS, Kpi.TASKS_OVER_POLICY, Kpi.SCALE_OUTS)),
            new Panel("task-minutes", List.of(Kpi.TASK_MINUTES)),
            new Panel("cost (USD)", List.of(Kpi.COST)),
            new Panel("calls", List.of(Kpi.ANSWERED, Kpi.REJECTED, Kpi.DROPPED)));

    private TrendChart() {
    }

    /** The PNG, 1200 wide and a panel of {@value #PANEL_HEIGHT} pixels per group. */
    public static byte[] png(String scenario, List<PastRuns.Run> runs) {
        return Charts.png(chart(scenario, runs), PANELS.size() * PANEL_HEIGHT + 120);
    }

    static JFreeChart chart(String scenario, List<PastRuns.Run> runs) {
        NumberAxis domain = new NumberAxis(RUNS_AXIS);
        domain.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(domain);
        plot.setGap(12);
        for (Panel panel : PANELS) {
            XYPlot sub = new XYPlot(dataset(panel, runs), null, Charts.countAxis(panel.title()), null);
            plot.add(sub);
        }
        JFreeChart chart = Charts.chart("KPIs over the last " + runs.size() + " runs — " + scenario, plot,
                "each KPI of the run history; a gap where a run did not measure it");
        // after the theme, which resets the renderers' series styles
        for (Object sub : plot.getSubplots()) {
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
            for (int i = 0; i < 6; i++) {
                renderer.setSeriesStroke(i, new BasicStroke(1.5f));
            }
            ((XYPlot) sub).setRenderer(renderer);
        }
        return chart;
    }

    /** One series per KPI of the panel, named by its key; run {@code i} (from 1) at x = i. */
    static XYSeriesCollection dataset(Panel panel, List<PastRuns.Run> runs) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Kpi kpi : panel.kpis()) {
            XYSeries series = new XYSeries(kpi.key(), false, true);
            for (int i = 0; i < runs.size(); i++) {
                OptionalDouble value = runs.get(i).kpis().value(kpi);
                series.add(i + 1, value.isPresent() ? Double.valueOf(value.getAsDouble()) : null);
            }
            dataset.addSeries(series);
        }
        return dataset;
    }
}
