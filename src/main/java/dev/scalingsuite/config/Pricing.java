package dev.scalingsuite.config;

import dev.scalingsuite.fleet.FargatePrices;
import java.util.Optional;

/**
 * Fargate's prices as configured: {@code price.vcpu-hour} and {@code price.gb-hour}, US dollars per hour for
 * the run's region, each with where it was set. One not set is the suite's built-in price for the region
 * ({@link FargatePrices}); a region without one and no configured price leaves the run's cost not measured.
 */
public record Pricing(Optional<FargatePrices.Price> vcpuHour, Optional<FargatePrices.Price> gbHour) {

    public static final Pricing BUILT_IN = new Pricing(Optional.empty(), Optional.empty());

    /**
     * The prices of {@code region}.
     *
     * @throws IllegalStateException saying which price is missing, as {@link FargatePrices#of} does
     */
    public FargatePrices forRegion(Optional<String> region) {
        return FargatePrices.of(region, vcpuHour, gbHour);
    }
}
