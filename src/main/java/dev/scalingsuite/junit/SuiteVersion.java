package dev.scalingsuite.junit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The suite's version as Maven built it ({@code scaling-suite.properties}), for the run history. */
final class SuiteVersion {

    private static final String RESOURCE = "/scaling-suite.properties";

    private SuiteVersion() {
    }

    /** {@code 0.1.0-SNAPSHOT}, or {@code unknown} when the classes were not built by Maven. */
    static String of() {
        try (InputStream in = SuiteVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String version = p.getProperty("version", "");
            return version.isBlank() || version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
