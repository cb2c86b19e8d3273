package dev.scalingsuite.junit;

import dev.scalingsuite.config.SuiteConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Builds the {@link Suite} once per run, in the root store, from {@code config.yaml} and the
 * {@code scaling.*} system properties: validated completely before anything is started. The store
 * closes it at the end of the run; a shutdown hook closes it on Ctrl-C.
 */
public final class SuiteExtension implements BeforeAllCallback {

    static final Namespace NAMESPACE = Namespace.create(SuiteExtension.class);
    static final String SHUTDOWN_THREAD = "scaling-suite-shutdown";

    /** Validates the configuration and the class's scenario, and only then builds the suite. */
    @Override
    public void beforeAll(ExtensionContext context) {
        SuiteConfig config = config(context);
        ScenarioExtension.load(context, config);
        suite(context);
    }

    static SuiteConfig config(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SuiteConfig.class,
                key -> SuiteConfig.load(Path.of("").toAbsolutePath(), properties(context)), SuiteConfig.class);
    }

    static Suite suite(ExtensionContext context) {
        SuiteConfig config = config(context);
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Suite.class, key -> {
            Suite suite = SuiteWiring.build(config);
            Runtime.getRuntime().addShutdownHook(new Thread(suite::close, SHUTDOWN_THREAD));
            return suite;
        }, Suite.class);
    }

    /**
     * System properties {@code scaling.*}, then JUnit configuration parameters of the same names, which
     * win: a parameter given to the launcher (an IDE run, the engine test kit) is meant for this run,
     * while a system property may be inherited from the shell.
     */
    private static Map<String, String> properties(ExtensionContext context) {
        Map<String, String> out = new HashMap<>();
        System.getProperties().forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.startsWith(SuiteConfig.PREFIX)) {
                out.put(key, String.valueOf(v));
            }
        });
        for (String key : new String[] {"scaling.target", "scaling.config", "scaling.endpoints", "scaling.waits",
                "scaling.scenario", "scaling.reports-dir"}) {
            context.getConfigurationParameter(key).ifPresent(v -> out.put(key, v));
        }
        return out;
    }
}
