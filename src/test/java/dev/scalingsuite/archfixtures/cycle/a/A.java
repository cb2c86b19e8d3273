package dev.scalingsuite.archfixtures.cycle.a;

import dev.scalingsuite.archfixtures.cycle.b.B;

/** Uses {@link B}, which uses it back. */
public final class A {

    public B partner() {
        return new B();
    }
}
