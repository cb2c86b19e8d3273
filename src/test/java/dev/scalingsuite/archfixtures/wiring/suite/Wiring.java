package dev.scalingsuite.archfixtures.wiring.suite;

import dev.scalingsuite.archfixtures.wiring.twin.Part;

/** Stands for the wiring: the one class allowed to know the twin, with its nested classes. */
public final class Wiring {

    public Part start() {
        return new Part();
    }

    /** A nested class of the wiring, allowed as the wiring is. */
    public static final class Nested {

        public Part start() {
            return new Part();
        }
    }
}
