/**
 * What the analyses of a run's history found: plain records of wall-clock instants, durations,
 * counts and task ids, one for each kind of violation. They depend on nothing of the suite, so the
 * assertions' messages ({@code fleet.error}) and the reports can both take them without a cycle.
 */
package dev.scalingsuite.fleet.finding;
