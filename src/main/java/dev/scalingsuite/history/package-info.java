/**
 * The run history: one entry per run ({@link dev.scalingsuite.history.RunEntry}: who, what, against what,
 * the verdict and the KPIs) in a directory outside {@code target/} ({@code history-dir}, {@code
 * scaling-history/} by default), read back to compare runs. Files only: no AWS, SSH, JUnit or twin types.
 * <pre>
 * HistoryStore store = new HistoryStore(Path.of("scaling-history"));
 * List&lt;RunEntry&gt; last = store.last("steady-state", 20);
 * </pre>
 */
package dev.scalingsuite.history;
