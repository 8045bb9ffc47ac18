package io.kvaudit.activity;

import io.kvaudit.model.LogFact;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a log source read for one run: the facts (sorted by vault, bucket and the rest of the key), each vault's event
 * count and first/last event (every audit row, platform and service events included), the workspaces it could read
 * (null when the source does not know them: a hand-made snapshot {@code logs/}), the rows it could not read, and
 * partial answers.
 *
 * @param workspaces  lower-cased workspace ARM id to what the source knows of it; null when unknown
 * @param unreadable  rows that could not be read, counted, with the first few located by file and row
 * @param incomplete  per file or workspace, why what was read is incomplete (a partial answer); empty when complete
 */
public record ActivityLog(List<LogFact> facts, Map<String, VaultEvents> vaults, Instant firstEvent, Instant lastEvent,
                          Map<String, Workspace> workspaces, long rows, long dropped, Unreadable unreadable,
                          List<String> incomplete, List<String> sources) {

    /** One vault's audit rows in the windows: how many, first and last. */
    public record VaultEvents(long events, Instant first, Instant last) {}

    /**
     * A workspace as the resource manager describes it; {@code readError} is set when it (or every query of it) could
     * not be read, {@code incomplete} when some answer was partial or failed.
     */
    public record Workspace(String id, String customerId, Integer retentionInDays, String readError, String incomplete) {}

    /** Rows that could not be read: how many, and where the first ones are ("logs/a.json: row 12: ..."). */
    public record Unreadable(long count, List<String> examples) {
        public static final Unreadable NONE = new Unreadable(0, List.of());
    }

    public static ActivityLog empty(List<String> sources) {
        return new ActivityLog(List.of(), Map.of(), null, null, null, 0, 0, Unreadable.NONE, List.of(), sources);
    }
}
