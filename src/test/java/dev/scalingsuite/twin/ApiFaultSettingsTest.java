package dev.scalingsuite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingsuite.twin.stack.ApiNames;
import dev.scalingsuite.twin.stack.TwinConfigException;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The API fault settings: apiThrottleRate, api5xxRate, apiLatency, apiDown; and the twin's seed. */
class ApiFaultSettingsTest {

    private static final String RATE = "a share of requests from 0.0 to 1.0";
    private static final String DURATION = "a duration of model time like 2s, 500ms or 1m30s; 0 for none";
    private static final String SERVICES = "a comma-separated list of services, empty for none, from: ecs, "
            + "application-autoscaling, cloudwatch, logs, ssm, elasticloadbalancing, sts";

    @Test
    void byDefaultNothingIsInjected() {
        TwinSettings settings = TwinSettings.defaults();

        assertThat(settings.apiThrottleRate()).isZero();
        assertThat(settings.api5xxRate()).isZero();
        assertThat(settings.apiLatency()).isZero();
        assertThat(settings.apiDown()).isEmpty();
        assertThat(settings.seed()).isEmpty();
        assertThat(settings.hasApiFaults()).isFalse();
        assertThat(settings.asMap()).containsEntry("apiThrottleRate", "0.0").containsEntry("api5xxRate", "0.0")
                .containsEntry("apiLatency", "0").containsEntry("apiDown", "").containsEntry("seed", "");
    }

    @Test
    void everySettingIsRead() {
        TwinSettings settings = of("apiThrottleRate", "0.2", "api5xxRate", "0.05", "apiLatency", "2s",
                "apiDown", " cloudwatch , sts", "seed", "-42");

        assertThat(settings.apiThrottleRate()).isEqualTo(0.2);
        assertThat(settings.api5xxRate()).isEqualTo(0.05);
        assertThat(settings.apiLatency()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.apiDown()).containsExactly("cloudwatch", "sts");
        assertThat(settings.seed()).isEqualTo(OptionalLong.of(-42));
        assertThat(settings.hasApiFaults()).isTrue();
    }

    @Test
    void theSuiteSetsThemWithItsOwnPrefix() {
        TwinSettings settings = TwinSettings.of(Map.of("scaling.twin.apiThrottleRate", "1"), "scaling.twin.");

        assertThat(settings.apiThrottleRate()).isEqualTo(1.0);
    }

    @Test
    void theRatesAreSharesFromZeroToOne() {
        assertThat(of("apiThrottleRate", "0", "api5xxRate", "1.0").api5xxRate()).isEqualTo(1.0);
        assertRefused("apiThrottleRate", "1.5", RATE);
        assertRefused("apiThrottleRate", "-0.1", RATE);
        assertRefused("api5xxRate", "20%", RATE);
        assertRefused("api5xxRate", "NaN", RATE);
    }

    @Test
    void theTwoRatesMustFitInOneDraw() {
        assertThat(of("apiThrottleRate", "0.75", "api5xxRate", "0.25").hasApiFaults()).isTrue();
        assertThatThrownBy(() -> of("apiThrottleRate", "0.8", "api5xxRate", "0.3"))
                .isInstanceOf(TwinConfigException.class)
                .hasMessage("Twin settings 'twin.apiThrottleRate' (0.8) and 'twin.api5xxRate' (0.3) "
                        + "must not add up to more than 1.0");
    }

    @Test
    void latencyIsADurationOfModelTime() {
        assertThat(of("apiLatency", "500ms").apiLatency()).isEqualTo(Duration.ofMillis(500));
        assertThat(of("apiLatency", "1m30s").apiLatency()).isEqualTo(Duration.ofSeconds(90));
        assertThat(of("apiLatency", "0s").apiLatency()).isZero();
        assertThat(of("apiLatency", "0").hasApiFaults()).isFalse();
        assertThat(of("apiLatency", "2s").hasApiFaults()).isTrue();
    }

    @Test
    void aBadDurationIsRefused() {
        for (String bad : new String[] {"2", "2 s", "-1s", "2h", "fast", "1s2m", "PT2S"}) {
            assertRefused("apiLatency", bad, DURATION);
        }
        assertThatThrownBy(() -> of("apiLatency", ""))
                .hasMessage("Twin setting 'twin.apiLatency' is ''; allowed: " + DURATION);
    }

    @Test
    void anUnknownServiceIsRefusedWithTheAllowedNames() {
        assertRefused("apiDown", "cloudwatch,monitoring", SERVICES);
        assertRefused("apiDown", "ECS", SERVICES);
        assertRefused("apiDown", "ecs,,sts", SERVICES);
        assertRefused("apiDown", "dynamodb", SERVICES);
    }

    @Test
    void everyServiceCanBeDownAndEmptyMeansNone() {
        assertThat(of("apiDown", String.join(",", ApiNames.ALL)).apiDown())
                .hasSize(7);
        assertThat(of("apiDown", "   ").apiDown()).isEmpty();
        assertThat(of("apiDown", "ecs,ecs").apiDown()).containsExactly("ecs");
    }

    @Test
    void theSeedIsAWholeNumber() {
        String allowed = "a whole number that seeds every random choice of the twin (NLB routing, API fault draws, "
                + "call setup jitter); empty: a random seed, printed at start";
        assertRefused("seed", "0x2a", allowed);
        assertRefused("seed", "1.5", allowed);
    }

    @Test
    void everyBadApiSettingIsReportedAtOnce() {
        assertThatThrownBy(() -> of("apiThrottleRate", "2", "apiDown", "s3"))
                .hasMessage("Twin setting 'twin.apiDown' is 's3'; allowed: " + SERVICES + "\n"
                        + "Twin setting 'twin.apiThrottleRate' is '2'; allowed: " + RATE);
    }

    private static TwinSettings of(String... keysAndValues) {
        Map<String, String> properties = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put("twin." + keysAndValues[i], keysAndValues[i + 1]);
        }
        return TwinSettings.of(properties, "twin.");
    }

    private static void assertRefused(String key, String value, String allowed) {
        assertThatThrownBy(() -> of(key, value))
                .isInstanceOf(TwinConfigException.class)
                .hasMessage("Twin setting 'twin." + key + "' is '" + value + "'; allowed: " + allowed);
    }
}
