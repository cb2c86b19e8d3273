package dev.scalingsuite.archfixtures.cycle.b;

import dev.scalingsuite.archfixtures.cycle.a.A;

/** Uses {@link A}, which uses it: packages {@code a} and {@code b} form a cycle. */
public final class B {

    public A partner() {
        return new A();
    }
}
