/**
 * JUnit 5 annotations, extensions and the wiring that builds adapters from configuration: the only package that knows the aws adapters and the twin exist.
 */
package dev.scalingsuite.junit;
