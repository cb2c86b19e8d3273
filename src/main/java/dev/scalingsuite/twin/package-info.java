/**
 * The local digital twin of the deployed stack: AWS APIs in their real wire protocols, DynamoDB Local, the SSH load host that runs the real SIPp (package ssh), and (later) the SIP call path. Nothing imports it but the wiring in junit.
 */
package dev.scalingsuite.twin;
