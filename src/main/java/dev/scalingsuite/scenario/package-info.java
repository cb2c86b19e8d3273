/**
 * The scenario YAML model and its loader. Pure: no I/O beyond reading the file.
 */
package dev.scalingsuite.scenario;
