/**
 * Background pollers that feed the timeline through the fleet ports.
 */
package dev.scalingsuite.monitor;
