package dev.scalingsuite.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A run's cost: each task's billed minutes at its task definition's vCPU and memory and the region's prices,
 * summed; not measured, saying why, when a size or a price is missing. Never a guessed number.
 */
class RunCostTest {

    private static final String TD7 = "arn:aws:ecs:us-east-1:000000000000:task-definition/voice-agent-poc-voice-agent:7";
    private static final String TD8 = "arn:aws:ecs:us-east-1:000000000000:task-definition/voice-agent-poc-voice-agent:8";
    private static final FargatePrices US_EAST_1 = FargatePrices.of(Optional.of("us-east-1"), Optional.empty(),
            Optional.empty());

    private static TaskState task(String id, String taskDefinition) {
        return new TaskState(id, "10.0.0.1", "RUNNING", "RUNNING", null, null, null, null, null, null, false, null,
                "unknown", 0, taskDefinition);
    }

    @Test
    void theBuiltInPricesOfUsEast1AreFargateLinuxX86OnDemand() {
        assertThat(US_EAST_1.vcpuHour()).isEqualTo(new FargatePrices.Price(0.04048, FargatePrices.BUILT_IN));
        assertThat(US_EAST_1.gbHour()).isEqualTo(new FargatePrices.Price(0.004445, FargatePrices.BUILT_IN));
        assertThat(US_EAST_1.show()).isEqualTo("$0.04048/vCPU-h, $0.004445/GB-h, us-east-1, prices of 2026-06-17");
    }

    /** 0.25 vCPU and 0.5 GB for 30 task-minutes: 0.5 h x (0.25 x 0.04048 + 0.5 x 0.004445) = $0.00617125. */
    @Test
    void aTaskCostsItsMinutesAtItsVcpuAndMemory() {
        TaskMinutes minutes = new TaskMinutes(List.of(new TaskMinutes.Task("a", "pullStartedAt", false, 1800)));

        RunCost cost = RunCost.of(minutes, Map.of("a", new TaskSize(TD7, 256, 512)), US_EAST_1);

        assertThat(cost.usd().getAsDouble()).isCloseTo(0.00617125, within(1e-12));
        assertThat(cost.show()).isEqualTo("$0.0062 (30.0 task-minutes x 0.25 vCPU, 0.5 GB at $0.04048/vCPU-h, "
                + "$0.004445/GB-h, us-east-1, prices of 2026-06-17)");
    }

    /** A rollout to a larger revision: each task at its own size, a part per size. */
    @Test
    void tasksOfTwoTaskDefinitionsCostEachAtItsOwnSize() {
        TaskMinutes minutes = new TaskMinutes(List.of(new TaskMinutes.Task("a", "pullStartedAt", false, 3600),
                new TaskMinutes.Task("b", "pullStartedAt", false, 600), new TaskMinutes.Task("c", "createdAt", true, 60)));
        List<String> read = new ArrayList<>();

        RunCost cost = RunCost.read(minutes, List.of(task("a", TD7), task("b", TD8), task("c", TD7)), td -> {
            read.add(td);
            return td.equals(TD7) ? new TaskSize(td, 4096, 8192) : new TaskSize(td, 8192, 16384);
        }, US_EAST_1);

        assertThat(read).as("each task definition read once").containsExactly(TD7, TD8);
        // TD7: 61 minutes x $0.19748/h; TD8: 10 minutes x $0.39496/h
        assertThat(cost.sizes()).extracting(RunCost.BySize::tasks).containsExactly(2, 1);
        assertThat(cost.sizes().get(0).taskMinutes()).isEqualTo(61.0);
        assertThat(cost.usd().getAsDouble()).isCloseTo(61 / 60.0 * 0.19748 + 10 / 60.0 * 0.39496, within(1e-12));
        assertThat(cost.show()).startsWith("$0.2666 (61.0 task-minutes x 4 vCPU, 8 GB + 10.0 task-minutes x 8 vCPU, "
                + "16 GB at ");
    }

    @Test
    void aTaskDefinitionWithoutTaskLevelCpuLeavesTheCostNotMeasured() {
        TaskMinutes minutes = new TaskMinutes(List.of(new TaskMinutes.Task("a", "pullStartedAt", false, 60)));

        RunCost cost = RunCost.read(minutes, List.of(task("a", TD7)), td -> TaskSize.of(td, null, "8192"), US_EAST_1);

        assertThat(cost.usd()).isEmpty();
        assertThat(cost.show()).isEqualTo("not measured: the task definition " + TD7 + " states no task-level 'cpu' "
                + "(none): Fargate's price needs both");
        assertThat(cost.prices()).contains(US_EAST_1);
    }

    @Test
    void aFailedReadOrATaskWithoutTaskDefinitionLeavesTheCostNotMeasured() {
        TaskMinutes minutes = new TaskMinutes(List.of(new TaskMinutes.Task("a", "pullStartedAt", false, 60)));

        assertThat(RunCost.read(minutes, List.of(task("a", TD7)), td -> {
            throw new RuntimeException("AccessDeniedException: ecs:DescribeTaskDefinition");
        }, US_EAST_1).notMeasured()).isEqualTo("reading the task definition " + TD7
                + " failed: AccessDeniedException: ecs:DescribeTaskDefinition");
        assertThat(RunCost.read(minutes, List.of(task("a", null)), td -> new TaskSize(td, 256, 512), US_EAST_1)
                .notMeasured()).isEqualTo("ECS named no task definition for task a");
        assertThat(RunCost.of(TaskMinutes.NONE, Map.of(), US_EAST_1).notMeasured())
                .isEqualTo("no task of the service was seen during the run");
    }

    @Test
    void aRegionWithoutABuiltInPriceNeedsBothConfigured() {
        assertThatThrownBy(() -> FargatePrices.of(Optional.of("eu-west-1"), Optional.empty(), Optional.empty()))
                .hasMessage("the suite has no Fargate price for eu-west-1 (built-in: us-east-1); set price.vcpu-hour "
                        + "and price.gb-hour");
        assertThatThrownBy(() -> FargatePrices.of(Optional.of("eu-west-1"),
                Optional.of(new FargatePrices.Price(0.05, "config.yaml:3")), Optional.empty()))
                .hasMessage("the suite has no Fargate price for eu-west-1 (built-in: us-east-1); set price.gb-hour");

        FargatePrices configured = FargatePrices.of(Optional.of("eu-west-1"),
                Optional.of(new FargatePrices.Price(0.05, "config.yaml:3")),
                Optional.of(new FargatePrices.Price(0.0055, "-Dscaling.price.gb-hour")));

        assertThat(configured.show()).isEqualTo("$0.05/vCPU-h (config.yaml:3), $0.0055/GB-h (-Dscaling.price.gb-hour), "
                + "eu-west-1");
    }

    @Test
    void aConfiguredPriceWinsOverTheBuiltInOne() {
        FargatePrices prices = FargatePrices.of(Optional.of("us-east-1"),
                Optional.of(new FargatePrices.Price(0.03, "config.yaml:7")), Optional.empty());

        assertThat(prices.vcpuHour().usdPerHour()).isEqualTo(0.03);
        assertThat(prices.gbHour().usdPerHour()).isEqualTo(0.004445);
        assertThat(prices.show()).isEqualTo("$0.03/vCPU-h (config.yaml:7), $0.004445/GB-h, us-east-1, prices of "
                + "2026-06-17");
    }

    @Test
    void aTaskSizeIsReadAsEcsAnswersIt() {
        TaskSize size = TaskSize.of(TD7, "4096", "8192");

        assertThat(size.vcpu()).isEqualTo(4.0);
        assertThat(size.memoryGb()).isEqualTo(8.0);
        assertThat(size.show()).isEqualTo("4 vCPU, 8 GB");
        assertThatThrownBy(() -> TaskSize.of(TD7, "4096", "8 GB")).hasMessage("the task definition " + TD7
                + " states no task-level 'memory' ('8 GB'): Fargate's price needs both");
    }
}
