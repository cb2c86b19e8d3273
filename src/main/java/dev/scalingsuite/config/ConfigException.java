package dev.scalingsuite.config;

import dev.scalingsuite.text.YamlText;
import java.util.List;

/**
 * A configuration the suite cannot start with, with every problem found at once. Each problem names
 * where the value came from ({@code config.yaml:5} or {@code -Dscaling.region}) and what is allowed.
 * Messages never carry secrets. The user's input, not the suite's bug: it carries no stack frames,
 * so Maven and the IDE print the message alone.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public ConfigException(List<String> problems) {
        super(message(problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** The exception for {@code problems}, each made one line: values echoed in them may hold line breaks. */
    static ConfigException of(List<String> problems) {
        return new ConfigException(problems.stream().map(YamlText::oneLine).toList());
    }

    /** Each problem on its own. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        if (problems.size() == 1) {
            return problems.get(0);
        }
        return problems.size() + " problems in the suite configuration:\n" + String.join("\n", problems);
    }
}
