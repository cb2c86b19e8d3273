/**
 * The domain: snapshots of the service, its tasks, sessions and metrics; the timeline; the ports the harness reads the world through; AssertJ domain assertions. No AWS, SSH or JUnit types live here.
 */
package dev.scalingsuite.fleet;
