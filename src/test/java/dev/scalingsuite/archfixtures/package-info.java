/**
 * Deliberate violations of the package rules, for {@code ArchitectureRulesTest} to show that each rule
 * catches what it is meant to. They are test classes, so the production import of
 * {@code ArchitectureTest} never sees them; nothing else uses them.
 *
 * <ul>
 *   <li>{@code cycle.a.A} and {@code cycle.b.B} use each other: a package cycle.</li>
 *   <li>{@code wiring.twin} stands for the twin; {@code wiring.suite.Wiring} (and its nested class) may
 *       know it, {@code wiring.suite.Outsider} knows it without being allowed to.</li>
 * </ul>
 */
package dev.scalingsuite.archfixtures;
