/**
 * Adapters that implement the fleet ports with the AWS SDK for Java v2.
 */
package dev.scalingsuite.aws;
