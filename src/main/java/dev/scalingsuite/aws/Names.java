package dev.scalingsuite.aws;

import java.util.function.Supplier;

/** Names for messages about where a port read, resolved if they can be. */
final class Names {

    private Names() {
    }

    /**
     * {@code name}'s value; when it cannot be resolved (SSM or ECS unreachable), what kept it from being:
     * a message about missing data must still say where the data was looked for, not fail in turn.
     */
    static String resolved(Supplier<String> name) {
        try {
            return name.get();
        } catch (RuntimeException e) {
            return "<not resolved: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()) + ">";
        }
    }
}
