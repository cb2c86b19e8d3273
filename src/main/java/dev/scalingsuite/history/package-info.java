/**
 * The run history: one entry per run ({@link dev.scalingsuite.history.RunEntry}: who, what, against what,
 * the verdict and the KPIs) in a directory outside {@code target/} ({@code history-dir}, {@code
 * scaling-history/} by default), read back to compare a run with a baseline run and to chart the trends;
 * the table command ({@link dev.scalingsuite.history.HistoryMain}); and the carry of Allure's own
 * {@code history/} between runs. Files only: no AWS, SSH, JUnit or twin types.
 * <pre>
 * HistoryStore store = new HistoryStore(Path.of("scaling-history"));
 * Optional&lt;RunEntry&gt; baseline = store.baseline("latest", "steady-state", thisRun);
 * </pre>
 */
package dev.scalingsuite.history;
