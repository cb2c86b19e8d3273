package dev.scalingsuite.text;

/**
 * A YAML text that does not compose into nodes; its message is the one problem to show the user,
 * {@code <file>:<line>: <what is wrong>; allowed: valid YAML}. Like the loaders' own exceptions it
 * carries no stack frames: the loader that catches it reports it in its own terms.
 */
public final class YamlSyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    YamlSyntaxException(String problem) {
        super(problem, null, false, false);
    }

    /** The problem, one line. */
    public String problem() {
        return getMessage();
    }
}
