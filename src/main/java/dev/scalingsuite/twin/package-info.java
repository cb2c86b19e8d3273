/**
 * The local digital twin of the deployed stack: AWS APIs in their real wire protocols, DynamoDB Local, the SSH load host that runs the real SIPp (package ssh), and the SIP call path (package sip). Nothing imports it but the suite's wiring (junit.SuiteWiring).
 *
 * <p>This package assembles the parts ({@link dev.scalingsuite.twin.Twin}) and runs them standalone
 * ({@link dev.scalingsuite.twin.TwinMain}); what the parts share lives in package {@code stack}.
 */
package dev.scalingsuite.twin;
