package dev.scalingsuite.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enforces the baseline before a scenario class runs, recovering it when allowed; a dry run only
 * reports it, with what recovery would do, in its plan.
 */
public final class BaselineExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Suite suite = SuiteExtension.suite(context);
        if (!suite.config().dryRun()) {
            new Baseline(suite).enforce();
        }
    }
}
