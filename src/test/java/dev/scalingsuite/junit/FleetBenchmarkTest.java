package dev.scalingsuite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.junit.FleetBenchmark.Shape;
import dev.scalingsuite.scenario.Scenario;
import dev.scalingsuite.scenario.ScenarioLoader;
import dev.scalingsuite.scenario.Step;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The benchmark's shape: its defaults, what it refuses, and that its scenario and twin are ones the suite accepts. */
class FleetBenchmarkTest {

    @Test
    void byDefaultFourHundredCallsFromFourHostsOnFortyTasks() {
        Shape shape = Shape.from(key -> null);
        assertThat(shape).isEqualTo(new Shape(4, 400, 40, 30, "10m", 10));
    }

    @Test
    void itsScenarioLoadsAndPlacesEveryCallInOneStep() {
        Shape shape = Shape.from(Map.of("bench.calls", "100", "bench.hosts", "1")::get);
        Scenario scenario = ScenarioLoader.parse(shape.scenario(), "fleet-benchmark.yaml");
        assertThat(scenario.steps()).hasSize(6);
        assertThat(scenario.steps().get(1)).isInstanceOfSatisfying(Step.PlaceCalls.class,
                p -> assertThat(p.count()).isEqualTo(100));
    }

    @Test
    void itsTwinHasFixedCapacityAndOneNamespacePerHost() {
        Map<String, Object> twin = new Yaml().<Map<String, Map<String, Object>>>load(Shape.from(key -> null).config())
                .get("twin");
        Map<String, String> properties = new HashMap<>();
        twin.forEach((k, v) -> properties.put("twin." + k, String.valueOf(v)));
        TwinSettings settings = TwinSettings.of(properties, "twin.");
        assertThat(settings.minCapacity()).isEqualTo(40);
        assertThat(settings.maxCapacity()).isEqualTo(40);
        assertThat(settings.loadHosts()).isEqualTo(4);
        assertThat(twin).containsEntry("topology", "netns");
    }

    @Test
    void aBadPropertyIsNamedWithWhatIsAllowed() {
        assertThatThrownBy(() -> Shape.from(Map.of("bench.hosts", "9")::get))
                .hasMessage("bench.hosts: '9' is not allowed: an integer from 1 to 8");
        assertThatThrownBy(() -> Shape.from(Map.of("bench.hold", "ten")::get))
                .hasMessage("bench.hold: 'ten' is not allowed: a duration of model time such as 10m or 90s");
        assertThatThrownBy(() -> Shape.from(Map.of("bench.calls", "3")::get))
                .hasMessage("bench.calls (3) must be at least bench.hosts (4): each host places at least one call");
    }
}
