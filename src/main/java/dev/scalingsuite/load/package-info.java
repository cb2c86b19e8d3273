/**
 * The SIPp driver: places and ends calls on load hosts over SSH.
 */
package dev.scalingsuite.load;
