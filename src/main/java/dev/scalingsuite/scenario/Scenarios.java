package dev.scalingsuite.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds scenarios by name ({@code scenarios/<name>.yaml} under a base directory) or by a path to a
 * YAML file, as {@code -Dscaling.scenario=<name or path>} gives them.
 * <pre>
 * Scenarios scenarios = Scenarios.in(Path.of(""));
 * Scenario s = scenarios.load("steady-state");          // scenarios/steady-state.yaml
 * Scenario t = scenarios.load("my/own-scenario.yaml");  // any YAML file
 * </pre>
 */
public final class Scenarios {

    /** The directory, under the base directory, that holds the named scenarios. */
    public static final String DIRECTORY = "scenarios";

    private final Path baseDir;

    private Scenarios(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** Scenarios under {@code baseDir} (the project directory: {@code scenarios/} lives there). */
    public static Scenarios in(Path baseDir) {
        return new Scenarios(baseDir);
    }

    /** The directory the named scenarios live in. */
    public Path directory() {
        return baseDir.resolve(DIRECTORY);
    }

    /** The names of the scenarios in {@link #directory()}, sorted. */
    public List<String> available() {
        if (!Files.isDirectory(directory())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml"))
                    .map(f -> f.substring(0, f.length() - ".yaml".length()))
                    .filter(n -> Scenario.NAME.matcher(n).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory(), e);
        }
    }

    /** Whether {@code nameOrPath} is a scenario name rather than a path. */
    public static boolean isName(String nameOrPath) {
        return Scenario.NAME.matcher(nameOrPath).matches();
    }

    /**
     * Loads the scenario {@code nameOrPath} names: a name means {@code scenarios/<name>.yaml}, anything
     * else a YAML file (relative paths against the base directory).
     *
     * @throws ScenarioException if there is no such file or it is not a valid scenario
     */
    public Scenario load(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new ScenarioException("no scenario named; allowed: a scenario name (" + availableText()
                    + ") or a path to a YAML file");
        }
        if (isName(nameOrPath)) {
            String source = DIRECTORY + "/" + nameOrPath + ".yaml";
            Path file = directory().resolve(nameOrPath + ".yaml");
            if (!Files.isRegularFile(file)) {
                throw new ScenarioException("scenario '" + nameOrPath + "' not found: looked for " + source
                        + "; available: " + availableText());
            }
            return ScenarioLoader.load(file, source);
        }
        Path file;
        try {
            file = baseDir.resolve(nameOrPath);
        } catch (InvalidPathException e) {
            throw new ScenarioException("scenario file " + nameOrPath + " is not a valid path (" + e.getReason()
                    + "); allowed: a scenario name (" + availableText() + ") or a path to a YAML file");
        }
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException("scenario file " + nameOrPath + " not found; allowed: a scenario name ("
                    + availableText() + ") or a path to a YAML file");
        }
        return ScenarioLoader.load(file, nameOrPath);
    }

    /** Every scenario in {@link #directory()}, by name. */
    public List<Scenario> loadAll() {
        return available().stream().map(this::load).toList();
    }

    private String availableText() {
        List<String> names = available();
        return names.isEmpty() ? "none in " + directory().toAbsolutePath().normalize() : String.join(", ", names);
    }
}
