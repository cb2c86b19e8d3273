package dev.scalingsuite.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Enforces the baseline before a scenario class runs, recovering it when allowed. */
public final class BaselineExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        new Baseline(SuiteExtension.suite(context)).enforce();
    }
}
