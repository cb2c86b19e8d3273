package dev.scalingsuite.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs a property on generated samples with plain JUnit 5: {@code Tries.check(300, t -> ...)} in a
 * {@code @Test}, the property drawing its values with {@link Try#draw}. One seed per run, from
 * {@code -Dproperties.seed=N} when given, else random, printed once per test class; each property
 * derives its samples from the seed and its own name, so a failure, which names the seed, the try
 * and every value drawn, comes back the same with {@code -Dproperties.seed=N}, whatever else runs.
 */
public final class Tries {

    public static final String SEED_PROPERTY = "properties.seed";
    public static final long SEED = seed(System.getProperty(SEED_PROPERTY));
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private Tries() {
    }

    /** A property: draws its values from the try, checks them, throws on a failure. */
    @FunctionalInterface
    public interface Property {
        void check(Try t) throws Exception;
    }

    /** One try: its random numbers, the values drawn from them (for the failure message), its outcome. */
    public static final class Try {
        private final Random random;
        private final List<String> drawn = new ArrayList<>();
        private String outcome = "checked";

        Try(Random random) {
            this.random = random;
        }

        /** A value of {@code generator}, named in the failure message. */
        public <T> T draw(String name, Function<Random, T> generator) {
            T value = generator.apply(random);
            drawn.add(name + " = " + show(value));
            return value;
        }

        /** What became of this try, counted for the statistics the property prints. */
        public void outcome(String label) {
            outcome = label;
        }
    }

    /** Runs {@code property} {@code tries} times; the first failure ends it, naming the seed and the sample. */
    public static void check(int tries, Property property) {
        StackWalker.StackFrame caller = StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow();
        String owner = caller.getClassName().substring(caller.getClassName().lastIndexOf('.') + 1);
        String name = owner + "." + caller.getMethodName();
        if (ANNOUNCED.add(owner)) {
            System.out.println(owner + ": property seed: " + SEED + "; rerun with -D" + SEED_PROPERTY + "=" + SEED);
        }
        SplittableRandom seeds = new SplittableRandom(SEED ^ name.hashCode());
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 1; i <= tries; i++) {
            Try t = new Try(new Random(seeds.nextLong()));
            try {
                property.check(t);
            } catch (Exception | Error e) {
                throw new AssertionError(name + " failed on try " + i + " of " + tries + " (property seed: " + SEED
                        + "; rerun with -D" + SEED_PROPERTY + "=" + SEED + ")\n  " + String.join("\n  ", t.drawn)
                        + "\n" + e, e);
            }
            outcomes.merge(t.outcome, 1, Integer::sum);
        }
        System.out.println(name + ": " + tries + " tries, " + outcomes.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    }

    static long seed(String property) {
        if (property == null || property.isBlank()) {
            return ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(property.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + " must be a whole number, was " + property, e);
        }
    }

    /** A drawn value as the failure message shows it: text with control and non-ASCII characters escaped. */
    static String show(Object value) {
        if (value instanceof String || value instanceof Character) {
            return YamlMutations.visible(String.valueOf(value));
        } else if (value instanceof Collection<?> c) {
            return c.stream().map(Tries::show).collect(Collectors.joining(", ", "[", "]"));
        } else if (value instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> show(e.getKey()) + "=" + show(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        } else if (value instanceof Optional<?> o) {
            return o.map(v -> "Optional[" + show(v) + "]").orElse("Optional.empty");
        }
        return String.valueOf(value);
    }
}
