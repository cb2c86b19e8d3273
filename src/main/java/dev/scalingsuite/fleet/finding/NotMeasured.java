package dev.scalingsuite.fleet.finding;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A check that could not be evaluated, because what it judges never arrived: {@code not measured:
 * max-e2e-p95: no AgentResponseLatency datapoint in VoiceAgent/Pipeline {Environment=poc} between 12:01:00
 * and 12:09:00 UTC}. A check not measured fails a run unless its scenario allows it.
 *
 * @param check the check's key as the scenario writes it ({@code max-e2e-p95}, {@code active-sessions}), or
 *     what an assertion expected when no scenario names it
 * @param missing what it needed and did not find, at least one
 */
public record NotMeasured(String check, List<Missing> missing) {

    public NotMeasured {
        Objects.requireNonNull(check, "check");
        missing = List.copyOf(missing);
        if (missing.isEmpty()) {
            throw new IllegalArgumentException("a check not measured misses something");
        }
    }

    public NotMeasured(String check, Missing missing) {
        this(check, List.of(missing));
    }

    /** The same under the key a scenario gives the check. */
    public NotMeasured as(String key) {
        return new NotMeasured(key, missing);
    }

    /** The same, each missing thing changed by {@code change} (named where it was looked for, given a window). */
    public NotMeasured map(UnaryOperator<Missing> change) {
        return new NotMeasured(check, missing.stream().map(change).toList());
    }

    /** {@code not measured: <check>: <what was missing>; <what else was>}. */
    public String message() {
        return "not measured: " + check + ": " + String.join("; ", missing.stream().map(Missing::text).toList());
    }
}
