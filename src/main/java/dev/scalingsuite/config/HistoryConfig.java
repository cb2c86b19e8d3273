package dev.scalingsuite.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where runs are remembered and which earlier run this one is compared with.
 *
 * @param dir {@code history-dir}: the run history's directory, {@code scaling-history} unless configured
 * @param dirOrigin where {@code dir} was set ({@code config.yaml:3}, {@code -Dscaling.history-dir}) or
 *     {@code default}
 * @param baseline {@code baseline}: {@code latest} or a run id; empty: no comparison
 */
public record HistoryConfig(Path dir, String dirOrigin, Optional<String> baseline) {

    public static final String DEFAULT_DIR = "scaling-history";
    /** The newest PASSED run of the same scenario. */
    public static final String LATEST = "latest";
    /** A run's id: its report directory's name, {@code <scenario>-<yyyy-MM-dd-HHmmss>}, perhaps numbered. */
    public static final Pattern RUN_ID = Pattern.compile("[a-z0-9][a-z0-9-]*-\\d{4}-\\d{2}-\\d{2}-\\d{6}(-\\d{1,3})?");
    static final String BASELINE_ALLOWED = "latest (the newest PASSED run of the scenario in the run history) or a "
            + "run id of the run history, like steady-state-2026-11-23-212920";

    /** Whether the run history's directory is the default one (not configured). */
    public boolean dirIsDefault() {
        return dirOrigin.equals("default");
    }

    static boolean isBaseline(String value) {
        return value.equals(LATEST) || RUN_ID.matcher(value).matches();
    }
}
