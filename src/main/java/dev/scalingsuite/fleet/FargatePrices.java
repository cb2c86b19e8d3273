package dev.scalingsuite.fleet;

import java.util.Map;
import java.util.Optional;

/**
 * Fargate's on-demand prices for Linux/x86 in one region, in US dollars per vCPU-hour and per GB-hour, each
 * with where it came from: the configuration ({@code price.vcpu-hour}, {@code price.gb-hour}) or the suite's
 * built-in table, which holds only the prices a source could be found for (docs/reports.md, "Cost of a run").
 */
public record FargatePrices(String region, Price vcpuHour, Price gbHour) {

    /**
     * One price per hour and where it came from: {@code config.yaml:12}, {@code -Dscaling.price.vcpu-hour}, or
     * {@link #BUILT_IN}.
     */
    public record Price(double usdPerHour, String origin) {

        public Price {
            if (!(usdPerHour >= 0) || Double.isInfinite(usdPerHour)) {
                throw new IllegalArgumentException("a price is a non-negative number of dollars, not " + usdPerHour);
            }
        }

        /** {@code $0.04048}: every decimal the price has. */
        public String show() {
            return "$" + java.math.BigDecimal.valueOf(usdPerHour).stripTrailingZeros().toPlainString();
        }
    }

    /** The origin of a built-in price. */
    public static final String BUILT_IN = "built-in";
    /**
     * The day the built-in prices were read as AWS's current ones. AWS's own page
     * (https://aws.amazon.com/fargate/pricing/) renders its per-region table in the browser, so they were read
     * where it is quoted: us-east-1 Linux/x86 on-demand $0.04048 per vCPU-hour and $0.004445 per GB-hour, in
     * factualminds.com's "Amazon Fargate & ECS Task Pricing (2026)" of 2026-06-17 ("as of June 2026"), the same in
     * Vantage's "AWS Fargate Pricing Explained" (vantage.sh/blog/fargate-pricing) and wring.co's guide of
     * 2026-03-10 (docs/reports.md, "Cost of a run").
     */
    public static final String BUILT_IN_DATE = "2026-06-17";

    /**
     * Per region: {vCPU-hour, GB-hour}. Only regions with a source; another region's prices are configured, or its
     * runs' cost is not measured (a guessed price would be a guessed cost).
     */
    private static final Map<String, double[]> BUILT_IN_PRICES = Map.of("us-east-1", new double[] {0.04048, 0.004445});

    /**
     * The prices of {@code region}: each the configured one if given, else the built-in one.
     *
     * @throws IllegalStateException saying which price is missing and how to give it, when the region is unknown
     *     or the table has no price for it and none is configured
     */
    public static FargatePrices of(Optional<String> region, Optional<Price> vcpuHour, Optional<Price> gbHour) {
        String name = region.orElse("an unknown region");
        double[] builtIn = region.map(BUILT_IN_PRICES::get).orElse(null);
        if (builtIn == null && (vcpuHour.isEmpty() || gbHour.isEmpty())) {
            throw new IllegalStateException("the suite has no Fargate price for " + name + " (built-in: "
                    + String.join(", ", BUILT_IN_PRICES.keySet()) + "); set "
                    + (vcpuHour.isEmpty() && gbHour.isEmpty() ? "price.vcpu-hour and price.gb-hour"
                            : vcpuHour.isEmpty() ? "price.vcpu-hour" : "price.gb-hour"));
        }
        return new FargatePrices(name, vcpuHour.orElseGet(() -> new Price(builtIn[0], BUILT_IN)),
                gbHour.orElseGet(() -> new Price(builtIn[1], BUILT_IN)));
    }

    /** What a task of {@code size} costs per hour. */
    public double perHour(TaskSize size) {
        return size.vcpu() * vcpuHour.usdPerHour() + size.memoryGb() * gbHour.usdPerHour();
    }

    /**
     * {@code $0.04048/vCPU-h, $0.004445/GB-h, us-east-1, prices of 2026-06-17}; a configured price names where it
     * was set: {@code $0.05/vCPU-h (config.yaml:12), $0.004445/GB-h, eu-west-1, ...}.
     */
    public String show() {
        boolean anyBuiltIn = vcpuHour.origin().equals(BUILT_IN) || gbHour.origin().equals(BUILT_IN);
        return vcpuHour.show() + "/vCPU-h" + origin(vcpuHour) + ", " + gbHour.show() + "/GB-h" + origin(gbHour) + ", "
                + region + (anyBuiltIn ? ", prices of " + BUILT_IN_DATE : "");
    }

    private static String origin(Price price) {
        return price.origin().equals(BUILT_IN) ? "" : " (" + price.origin() + ")";
    }
}
