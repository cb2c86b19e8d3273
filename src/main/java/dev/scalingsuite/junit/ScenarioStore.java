package dev.scalingsuite.junit;

import dev.scalingsuite.config.SuiteConfig;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Where {@link ScalingScenarioExtension} keeps what it builds, with one typed key per value. The
 * configuration and the {@link Suite} live in the root store (one per launcher run, shared by every
 * scenario class); the steps and the run live in the class store. The store closes every
 * {@link AutoCloseable} in it, newest first: the run when its class ends, the suite at the end.
 */
final class ScenarioStore {

    /** A value's key and type, so a wrong cast cannot compile. */
    record Key<T>(String name, Class<T> type) {
    }

    static final Key<SuiteConfig> CONFIG = new Key<>("configuration", SuiteConfig.class);
    static final Key<Suite> SUITE = new Key<>("suite", Suite.class);
    static final Key<StepTests> STEPS = new Key<>("steps", StepTests.class);
    static final Key<ScenarioRun> RUN = new Key<>("run", ScenarioRun.class);
    /** What carrying Allure's history did, once per launcher run ({@link AllureHistoryCarry}). */
    static final Key<String> ALLURE_HISTORY = new Key<>("allure history", String.class);

    private static final Namespace NAMESPACE = Namespace.create(ScalingScenarioExtension.class);

    private ScenarioStore() {
    }

    static <T> T putInClass(ExtensionContext context, Key<T> key, T value) {
        context.getStore(NAMESPACE).put(key.name(), value);
        return value;
    }

    static <T> Optional<T> inClass(ExtensionContext context, Key<T> key) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(key.name(), key.type()));
    }

    /** The root store's value of {@code key}, created once for the whole launcher run. */
    static <T> T inRoot(ExtensionContext context, Key<T> key, java.util.function.Supplier<T> create) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(key.name(), k -> create.get(), key.type());
    }

    static <T> Optional<T> inRoot(ExtensionContext context, Key<T> key) {
        return Optional.ofNullable(context.getRoot().getStore(NAMESPACE).get(key.name(), key.type()));
    }
}
