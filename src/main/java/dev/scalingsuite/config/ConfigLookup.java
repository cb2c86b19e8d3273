package dev.scalingsuite.config;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Where the {@code scaling.*} values besides the configuration file come from. The loader owns the key
 * names and asks for every key it knows by name; a JUnit launcher's configuration parameters can only
 * be asked for by name, not listed. What the loader cannot name in advance (a key it does not know, to
 * report it; the twin's {@code twin.*} settings, which the twin names) it finds among the keys a lookup
 * can list: the system properties, or a map's keys.
 * <pre>
 * SuiteConfig.load(dir, ConfigLookup.systemPropertiesThen(context::getConfigurationParameter));
 * SuiteConfig.load(dir, ConfigLookup.of(Map.of("scaling.target", "aws")));
 * </pre>
 */
public final class ConfigLookup {

    private final SortedMap<String, String> listed;
    /** Asked first; they cannot be listed. */
    private final Function<String, Optional<String>> parameters;

    private ConfigLookup(SortedMap<String, String> listed, Function<String, Optional<String>> parameters) {
        this.listed = Collections.unmodifiableSortedMap(listed);
        this.parameters = parameters;
    }

    /** {@code values} as given ({@code scaling.<key>} names; others are never asked for); a null value is empty. */
    public static ConfigLookup of(Map<String, String> values) {
        return new ConfigLookup(scalingKeys(values), key -> Optional.empty());
    }

    /**
     * The {@code scaling.*} system properties as they are now, then {@code configurationParameters}
     * ({@code ExtensionContext::getConfigurationParameter}), which win: a parameter given to the launcher
     * (an IDE run, the engine test kit) is meant for this run, while a system property may be inherited
     * from the shell.
     */
    public static ConfigLookup systemPropertiesThen(Function<String, Optional<String>> configurationParameters) {
        return propertiesThen(System.getProperties(), configurationParameters);
    }

    static ConfigLookup propertiesThen(Properties properties, Function<String, Optional<String>> parameters) {
        return new ConfigLookup(scalingKeys(properties), parameters);
    }

    private static SortedMap<String, String> scalingKeys(Map<?, ?> values) {
        SortedMap<String, String> listed = new TreeMap<>();
        values.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.startsWith(SuiteConfig.PREFIX)) {
                listed.put(key, v == null ? "" : String.valueOf(v));
            }
        });
        return listed;
    }

    /**
     * This lookup with {@code keys} (full names) listed too, with the values it gives them: parameters a launcher
     * was given whose names the loader cannot know in advance, as a matrix cell's {@code scaling.twin.*} settings.
     */
    public ConfigLookup listing(Collection<String> keys) {
        SortedMap<String, String> more = new TreeMap<>(listed);
        keys.stream().filter(k -> k.startsWith(SuiteConfig.PREFIX))
                .forEach(k -> get(k).ifPresent(v -> more.put(k, v)));
        return new ConfigLookup(more, parameters);
    }

    /** The value of {@code key} (a full name, {@code scaling.region}), if it has one. */
    public Optional<String> get(String key) {
        return parameters.apply(key).or(() -> Optional.ofNullable(listed.get(key)));
    }

    /** The {@code scaling.*} keys this lookup can list, sorted; it may give values for others too. */
    public SortedSet<String> keys() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(listed.keySet()));
    }
}
