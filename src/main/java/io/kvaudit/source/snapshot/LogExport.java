package io.kvaudit.source.snapshot;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a live read of the audit logs is written as a snapshot's {@code logs/} (docs/snapshot-format.md): each
 * workspace's resource-manager body (or the error body its read became) into {@code logs/workspaces.json}, each query
 * answer as Log Analytics sent it into its own file, listed with its query and window in {@code logs/queries.json}.
 * Thread-safe; {@link #finish} writes the two lists once every answer is in.
 */
public interface LogExport {

    void workspace(String workspaceId, JsonNode body);

    /** One answer; {@code entry.file()} is its path in the snapshot (logs/...json). */
    void answer(LogQueries.Entry entry, byte[] body);

    void finish();
}
