package dev.scalingsuite.scenario;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * One step of a scenario, run in order. Every step knows its 1-based {@link #index()} and the
 * {@link #line()} of the file it was written on, so a report and a failure can point back at it.
 * Durations are model time.
 */
public sealed interface Step {

    /** 1-based position in the scenario. */
    int index();

    /** The line of the scenario file the step starts on. */
    int line();

    /** The step's YAML key, e.g. {@code place-calls}. */
    String kind();

    /** One line for reports and Allure step names, e.g. {@code place-calls 6 at 1 per 5s}. */
    String describe();

    /** Every step kind, in the order the docs list them. */
    List<String> KINDS = List.of("place-calls", "hold", "expect", "end-calls", "end-all-calls", "deploy");

    /**
     * Starts {@code count} calls, {@code rate} per {@code period} (SIPp {@code -r}/{@code -rp}), at most
     * {@code limit} of this step's calls up at once (SIPp {@code -l}; empty: all of them).
     */
    record PlaceCalls(int index, int line, int count, int rate, Duration period, OptionalInt limit) implements Step {
        public PlaceCalls {
            requirePositive("count", count);
            requirePositive("rate", rate);
            if (period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period must be > 0, was " + period);
            }
            if (limit == null || (limit.isPresent() && limit.getAsInt() < 1)) {
                throw new IllegalArgumentException("limit must be empty or >= 1, was " + limit);
            }
        }

        @Override
        public String kind() {
            return "place-calls";
        }

        @Override
        public String describe() {
            return "place-calls " + count + " at " + rate + " per " + Durations.format(period)
                    + (limit.isPresent() ? ", at most " + limit.getAsInt() + " at once" : "");
        }
    }

    /** Waits {@code duration}; every condition of {@code expect} must hold throughout. */
    record Hold(int index, int line, Duration duration, List<Condition> expect) implements Step {
        public Hold {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be > 0, was " + duration);
            }
            expect = List.copyOf(expect);
        }

        @Override
        public String kind() {
            return "hold";
        }

        @Override
        public String describe() {
            return "hold " + Durations.format(duration) + (expect.isEmpty() ? "" : " with " + Step.describe(expect));
        }
    }

    /**
     * Waits until every condition holds at once, at most {@code within}; with {@code scaleInPolicy}
     * ({@code within: scale-in-policy}) at most the scale-in bound the harness derives from the live
     * scaling policy, and {@code within} is zero. With {@code notBefore} the window has two sides: the
     * conditions must not hold at any poll before it ({@link NotBefore}).
     */
    record Expect(int index, int line, List<Condition> conditions, Duration within, boolean scaleInPolicy,
            Optional<NotBefore> notBefore) implements Step {

        /** The YAML value of {@code within} that asks for the bound derived from the live policy. */
        public static final String SCALE_IN_POLICY = "scale-in-policy";

        public Expect(int index, int line, List<Condition> conditions, Duration within) {
            this(index, line, conditions, within, false);
        }

        public Expect(int index, int line, List<Condition> conditions, Duration within, boolean scaleInPolicy) {
            this(index, line, conditions, within, scaleInPolicy, Optional.empty());
        }

        public Expect {
            conditions = List.copyOf(conditions);
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("expect needs at least one condition");
            }
            if (scaleInPolicy ? !Duration.ZERO.equals(within) : within == null || within.isNegative() || within.isZero()) {
                throw new IllegalArgumentException("within must be > 0 (or zero with scaleInPolicy), was " + within);
            }
            if (notBefore == null) {
                throw new IllegalArgumentException("notBefore is required (Optional.empty() for none)");
            }
            if (!scaleInPolicy && notBefore.filter(n -> n.policy().isEmpty() && n.duration().compareTo(within) >= 0)
                    .isPresent()) {
                throw new IllegalArgumentException("not-before " + notBefore.get().yaml() + " must be shorter than within "
                        + Durations.format(within));
            }
        }

        @Override
        public String kind() {
            return "expect";
        }

        @Override
        public String describe() {
            return "expect " + Step.describe(conditions)
                    + notBefore.map(n -> " not before " + n.yaml()).orElse("") + " within "
                    + (scaleInPolicy ? SCALE_IN_POLICY : Durations.format(within));
        }

        /** The condition of {@code kind}, if the step names it. */
        public Optional<Condition> condition(ConditionKind kind) {
            return conditions.stream().filter(c -> c.kind() == kind).findFirst();
        }
    }

    /** Ends {@code count} of the live calls the suite placed, the caller hanging up (in-dialog INFO, then BYE). */
    record EndCalls(int index, int line, int count) implements Step {
        public EndCalls {
            requirePositive("count", count);
        }

        @Override
        public String kind() {
            return "end-calls";
        }

        @Override
        public String describe() {
            return "end-calls " + count;
        }
    }

    /** Ends every live call the suite placed, the caller hanging up. */
    record EndAllCalls(int index, int line) implements Step {
        @Override
        public String kind() {
            return "end-all-calls";
        }

        @Override
        public String describe() {
            return "end-all-calls";
        }
    }

    /**
     * Registers a new revision of the service's live task definition, the same but for one environment
     * value or one tag (nothing functional), and deploys it to the service: a rolling update, which the
     * scenario then expects to complete ({@code rollout} conditions). {@code name} is the variable or the
     * tag key; its value is the run's own id.
     */
    record Deploy(int index, int line, Change change, String name) implements Step {

        /** What the new revision changes. */
        public enum Change {
            ENVIRONMENT("environment", "SCALING_SUITE_DEPLOYMENT"),
            TAG("tag", "scaling-suite:deployment");

            private final String key;
            private final String defaultName;

            Change(String key, String defaultName) {
                this.key = key;
                this.defaultName = defaultName;
            }

            /** As a scenario writes it. */
            public String key() {
                return key;
            }

            /** The variable or tag key a scenario that names none changes. */
            public String defaultName() {
                return defaultName;
            }

            public static Optional<Change> ofKey(String key) {
                return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst();
            }
        }

        public Deploy {
            if (change == null || name == null || name.isBlank()) {
                throw new IllegalArgumentException("a deploy step needs what it changes and its name");
            }
        }

        @Override
        public String kind() {
            return "deploy";
        }

        @Override
        public String describe() {
            return "deploy a new revision (" + (change == Change.ENVIRONMENT ? "environment value " : "tag ") + name
                    + " changed)";
        }
    }

    private static String describe(List<Condition> conditions) {
        return conditions.stream().map(Condition::describe).collect(Collectors.joining(", "));
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
    }
}
