/**
 * The domain: snapshots of the service, its tasks, sessions and metrics; the timeline and the run's
 * history, with the analyses that look for what must not happen in it (each returns a record of
 * {@code fleet.finding}); the ports the harness reads the world through; AssertJ domain assertions,
 * whose messages are built in {@code fleet.error}. No AWS, SSH or JUnit types live here.
 */
package dev.scalingsuite.fleet;
