package dev.scalingsuite.config;

import java.nio.file.Path;

/**
 * Where runs are remembered.
 *
 * @param dir {@code history-dir}: the run history's directory, {@code scaling-history} unless configured
 * @param dirOrigin where {@code dir} was set ({@code config.yaml:3}, {@code -Dscaling.history-dir}) or
 *     {@code default}
 */
public record HistoryConfig(Path dir, String dirOrigin) {

    public static final String DEFAULT_DIR = "scaling-history";

    /** Whether the run history's directory is the default one (not configured). */
    public boolean dirIsDefault() {
        return dirOrigin.equals("default");
    }
}
