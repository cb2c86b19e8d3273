/**
 * What every part of the twin shares about the stack it stands for: its settings
 * ({@link dev.scalingsuite.twin.stack.TwinSettings}, the deployed stack's values as defaults, each with
 * its source) and the error for a bad one, the stack profiles ({@link dev.scalingsuite.twin.stack.StackProfile})
 * and the fault profiles it can reproduce, the names of the AWS services it answers,
 * the agents' session table in DynamoDB Local, how a model timeout is waited on the wall clock
 * ({@link dev.scalingsuite.twin.stack.WallTimeout}), and the speech-like audio both the load host's
 * callers and the agents send.
 *
 * <p>It depends on no other package of the twin: the parts that need it ({@code api}, {@code model},
 * {@code control}, {@code sip}) and the package {@code twin}, which assembles the parts, depend on it, so
 * the twin's packages form no cycle.
 */
package dev.scalingsuite.twin.stack;
