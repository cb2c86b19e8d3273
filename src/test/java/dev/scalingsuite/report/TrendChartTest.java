package dev.scalingsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingsuite.fleet.Kpi;
import dev.scalingsuite.fleet.Kpis;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

class TrendChartTest {

    private static final List<PastRuns.Run> RUNS = List.of(
            run("steady-state-2026-12-05-100000", Kpis.builder().measured(Kpi.COLD_START_P95, 81).build()),
            run("steady-state-2026-12-05-110000", Kpis.builder().notMeasured(Kpi.COLD_START_P95, "no task").build()),
            run("steady-state-2026-12-05-120000", Kpis.builder().measured(Kpi.COLD_START_P95, 121.4).build()));

    @Test
    void everyKpiIsChartedInExactlyOnePanel() {
        List<Kpi> charted = TrendChart.PANELS.stream().flatMap(p -> p.kpis().stream()).toList();

        assertThat(charted).containsExactlyInAnyOrder(Kpi.values());
    }

    @Test
    void theRunsAreNumberedOldestFirstAndARunWithoutTheKpiLeavesAGap() {
        TrendChart.Panel coldStart = TrendChart.PANELS.get(2);
        XYSeriesCollection dataset = TrendChart.dataset(coldStart, RUNS);

        XYSeries total = dataset.getSeries(Kpi.COLD_START_P95.key());
        assertThat(total.getItemCount()).isEqualTo(3);
        assertThat(total.getX(0)).isEqualTo(1.0);
        assertThat(total.getY(0)).isEqualTo(81.0);
        assertThat(total.getY(1)).isNull();
        assertThat(total.getY(2)).isEqualTo(121.4);
    }

    @Test
    void aPanelPerGroupOnOneAxisOfRuns() {
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) TrendChart.chart("steady-state", RUNS).getXYPlot();

        assertThat(plot.getSubplots()).hasSize(TrendChart.PANELS.size());
        assertThat(plot.getDomainAxis().getLabel()).isEqualTo("run (oldest first; the last is this run)");
    }

    @Test
    void thePngHasAPanelHeightPerGroup() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(TrendChart.png("steady-state", RUNS)));

        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(TrendChart.PANELS.size() * TrendChart.PANEL_HEIGHT + 120);
        assertThat(Arrays.asList(Kpi.values())).hasSize(35);
    }

    private static PastRuns.Run run(String id, Kpis kpis) {
        return new PastRuns.Run(id, Instant.parse("2026-12-05T10:00:00Z"), "PASSED", kpis);
    }
}
