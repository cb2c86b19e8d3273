package dev.scalingsuite.archfixtures.wiring.twin;

/** Stands for a class of the twin. */
public final class Part {
}
