package dev.scalingsuite.scenario;

import java.util.List;

/**
 * A scenario that cannot be used, with every problem found in it at once. Each problem reads
 * {@code <file>:<line>: <what is wrong>; allowed: <what is>}.
 *
 * <p>The user's input, not the suite's bug: it carries no stack frames, so Maven and the IDE print
 * the message alone (frames under a good message make people think the tool crashed).
 */
public final class ScenarioException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public ScenarioException(String source, List<String> problems) {
        super(message(source, problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public ScenarioException(String problem) {
        this(null, List.of(problem));
    }

    /** Each problem on its own, in file order. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ScenarioException needs at least one problem");
        }
        if (problems.size() == 1) {
            return problems.get(0);
        }
        return problems.size() + " problems in " + (source == null ? "the scenario" : source) + ":\n"
                + String.join("\n", problems);
    }
}
