package dev.scalingsuite.config;

import static dev.scalingsuite.text.YamlNodes.at;
import static dev.scalingsuite.text.YamlNodes.scalar;

import dev.scalingsuite.config.ConfigEntry.Shape;
import dev.scalingsuite.text.YamlNodes;
import dev.scalingsuite.text.YamlNodes.Detail;
import dev.scalingsuite.text.YamlSyntaxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the configuration's sources into {@link ConfigEntries}, lowest precedence first:
 * {@code config.yaml} in the working directory if present, or the file {@code scaling.config} names
 * (which must exist); then the {@code scaling.*} values of a {@link ConfigLookup}, asked for every key
 * known here by name and every key the lookup lists. A file that cannot be read as YAML fails at once,
 * as nothing else in it can be checked.
 */
final class ConfigSources {

    private static final String CONFIG = SuiteConfig.PREFIX + "config";
    /** Load hosts are numbered 0 to 999. */
    private static final int MAX_LOAD_HOSTS = 1000;

    private final ConfigEntries entries;
    private final String label;

    private ConfigSources(ConfigEntries entries, String label) {
        this.entries = entries;
        this.label = label;
    }

    /**
     * Reads the sources into {@code entries}; {@code workingDir} null reads no file at all.
     *
     * @return the configuration file read, as named, if any
     * @throws ConfigException if the file {@code scaling.config} names is missing, or a file is not YAML
     */
    static Optional<String> read(Path workingDir, ConfigLookup lookup, ConfigEntries entries) {
        Optional<String> source = workingDir == null ? Optional.empty()
                : readFile(workingDir, lookup.get(CONFIG), entries);
        for (String name : names(lookup)) {
            String key = name.substring(SuiteConfig.PREFIX.length());
            String entryKey = key.equals(ConfigKeys.DRY_RUN_ALIAS) ? "dry-run" : key;
            lookup.get(name).ifPresent(value -> entries.put(ConfigEntry.value(entryKey, value.trim(), "-D" + name)));
        }
        return source;
    }

    /**
     * The names to ask {@code lookup} for, sorted: every key known by name, the load hosts' settings for
     * load hosts 0, 1, ... as long as one of them has any, and whatever the lookup lists; not
     * {@code scaling.config}, read first.
     */
    private static SortedSet<String> names(ConfigLookup lookup) {
        SortedSet<String> names = new TreeSet<>(lookup.keys());
        ConfigKeys.named().forEach(key -> names.add(SuiteConfig.PREFIX + key));
        for (int i = 0; i < MAX_LOAD_HOSTS; i++) {
            String host = SuiteConfig.PREFIX + "load-hosts." + i + ".";
            List<String> settings = ConfigKeys.HOST_KEYS.stream().map(k -> host + k).toList();
            if (settings.stream().noneMatch(k -> lookup.get(k).isPresent())) {
                break;
            }
            names.addAll(settings);
        }
        names.remove(CONFIG);
        return names;
    }

    private static Optional<String> readFile(Path workingDir, Optional<String> named, ConfigEntries entries) {
        Path file;
        String label;
        if (named.isPresent() && !named.get().isBlank()) {
            label = named.get().trim();
            if (!ConfigKeys.isPath(label)) {
                throw ConfigException.of(List.of("-Dscaling.config: config file " + label + " is not a path this "
                        + "system can name; allowed: an existing YAML file, or no scaling.config to read "
                        + SuiteConfig.DEFAULT_FILE + " if present"));
            }
            file = workingDir.resolve(label);
            if (!Files.isRegularFile(file)) {
                throw ConfigException.of(List.of("-Dscaling.config: config file " + label + " not found (looked at "
                        + file.toAbsolutePath().normalize() + "); allowed: an existing YAML file, or no scaling.config"
                        + " to read " + SuiteConfig.DEFAULT_FILE + " if present"));
            }
        } else {
            label = SuiteConfig.DEFAULT_FILE;
            file = workingDir.resolve(label);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
        }
        new ConfigSources(entries, label).readYaml(file);
        return Optional.of(label);
    }

    private void readYaml(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigException.of(List.of(label + ":1: cannot read the file (" + e.getClass().getSimpleName()
                    + "); allowed: a readable UTF-8 YAML file"));
        }
        Optional<Node> document;
        try {
            document = YamlNodes.compose(text, label, Detail.NONE);
        } catch (YamlSyntaxException e) {
            throw ConfigException.of(List.of(e.problem()));
        }
        if (document.isEmpty()) {
            return;
        }
        if (!(document.get() instanceof MappingNode mapping)) {
            throw ConfigException.of(List.of(at(label, document.get()) + ": the configuration must be a mapping of "
                    + "keys; allowed: " + ConfigKeys.topKeys()));
        }
        flatten(mapping, "");
    }

    private void flatten(MappingNode mapping, String prefix) {
        for (NodeTuple t : mapping.getValue()) {
            String origin = at(label, t.getKeyNode());
            Optional<String> k = YamlNodes.key(t);
            if (k.isEmpty()) {
                entries.problem(origin + ": a key must be a plain word; allowed: " + ConfigKeys.topKeys());
                continue;
            }
            String key = prefix + k.get();
            Optional<ConfigEntry> first = entries.get(key);
            if (first.isPresent()) {
                entries.problem(origin + ": duplicate key '" + key + "' (first at " + first.get().origin() + ")");
                continue;
            }
            put(key, t.getValueNode(), origin);
        }
    }

    private void put(String key, Node value, String origin) {
        if (value instanceof MappingNode m) {
            entries.put(new ConfigEntry(key, null, origin, Shape.GROUP));
            flatten(m, key + ".");
        } else if (value instanceof SequenceNode s) {
            entries.put(new ConfigEntry(key, null, origin, Shape.LIST));
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) {
                put(key + "." + i, items.get(i), at(label, items.get(i)));
            }
        } else {
            scalar(value).ifPresent(v -> entries.put(ConfigEntry.value(key, v.trim(), origin)));
        }
    }
}
