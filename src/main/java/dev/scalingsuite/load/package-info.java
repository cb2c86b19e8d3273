/**
 * The SIPp driver: places and ends calls on load hosts over SSH (sshj, host key checked against
 * known_hosts, public-key login).
 * <pre>
 * try (SippHost host = SippHost.connect(access)) {
 *     SippRun run = host.start(Uac.calls(20).every(Duration.ofMillis(500)).atMostConcurrent(20).to(frontDoor, 5060));
 *     ... run.counts().answered() ...
 *     run.endCalls(5);      // in-dialog INFO: the caller sends BYE, the far end sees a normal hang-up
 *     run.endAllCalls();    // INFO to every live call, soft quit, bounded wait, SIGTERM only as a last resort
 * }
 * </pre>
 * Each instance runs in {@code runs/<runId>/} under sippHome with its own ports; its live calls are
 * the scenario's {@code UP}/{@code DOWN} log lines ({@code -trace_logs}); counts come from the
 * per-message {@code -trace_counts} columns. Beside each instance a capture (tcpdump, when it may run)
 * notes the first RTP packet from each far end, for connect times ({@code SippRun.connectTimes()}).
 * Every value that reaches the remote shell is checked and quoted ({@link dev.scalingsuite.load.Shell}).
 * No twin, AWS or JUnit types here.
 */
package dev.scalingsuite.load;
