package io.kvaudit.activity;

/**
 * The logs exist but cannot serve this run: an export's facts were folded by Log Analytics for another window than
 * the scan's. The activity stage is then skipped with this reason (results.json, the report, the console), never
 * judged on facts bucketed for another window.
 */
public final class LogsNotUsable extends RuntimeException {
    public LogsNotUsable(String reason) { super(reason, null, false, false); }
}
