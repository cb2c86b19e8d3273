package dev.scalingsuite.config;

/** How {@code expect} steps wait. */
public enum Waits {
    /** Poll until the condition holds, at most {@code within}. */
    AWAIT,
    /** Wait the full {@code within}, then check once (the old harness's semantics, for comparison). */
    FIXED
}
