package dev.scalingsuite.twin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Plays one scenario on several twins at once, the healthy stack and faulty ones, with the same
 * settings but {@code faults} (or another setting, such as {@code stack}), and reads each twin's
 * reported configuration afterwards. Running them
 * side by side halves the wall time and puts every twin through the same periods.
 */
final class FaultTrial {

    /** The variant without faults. */
    static final String HEALTHY = "";

    private FaultTrial() {
    }

    /** What a scenario gave on one twin, and the configuration that twin reported after it. */
    record Outcome<T>(T result, ReportedConfiguration configuration) {
    }

    /**
     * @param variants values of the {@code faults} setting, {@link #HEALTHY} for none
     * @return the outcome per variant, in the order given
     */
    static <T> Map<String, Outcome<T>> run(Map<String, String> settings, List<String> variants,
            Function<TwinWithClients, T> scenario) {
        return run(settings, "faults", variants, scenario);
    }

    /**
     * @param key the setting the twins differ in, e.g. {@code faults} or {@code stack}
     * @param variants its values, one twin each
     * @return the outcome per variant, in the order given
     */
    static <T> Map<String, Outcome<T>> run(Map<String, String> settings, String key, List<String> variants,
            Function<TwinWithClients, T> scenario) {
        List<TwinWithClients> twins = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(variants.size());
        try {
            // one after another: DynamoDB Local's first start in a JVM is not safe to run twice at once
            for (String variant : variants) {
                Map<String, String> withVariant = new HashMap<>(settings);
                withVariant.put(key, variant);
                twins.add(TwinWithClients.start(withVariant));
            }
            List<Future<Outcome<T>>> futures = new ArrayList<>();
            for (TwinWithClients twin : twins) {
                futures.add(threads.submit(() -> new Outcome<>(scenario.apply(twin), twin.configuration())));
            }
            Map<String, Outcome<T>> outcomes = new LinkedHashMap<>();
            for (int i = 0; i < variants.size(); i++) {
                outcomes.put(variants.get(i), await(futures.get(i), key, variants.get(i)));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
            twins.forEach(TwinWithClients::close);
        }
    }

    private static <T> T await(Future<T> future, String key, String variant) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            String name = key.equals("faults") && variant.isEmpty() ? "the healthy twin"
                    : "the twin with " + key + "=" + variant;
            if (e.getCause() instanceof AssertionError assertion) {
                throw new AssertionError(name + ": " + assertion.getMessage(), assertion);
            }
            throw new IllegalStateException(name + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
