package dev.scalingsuite.archfixtures.wiring.suite;

import dev.scalingsuite.archfixtures.wiring.twin.Part;

/** Knows the twin without being the wiring: the rule must name it. */
public final class Outsider {

    public Part reachIntoTheTwin() {
        return new Part();
    }
}
