package io.kvaudit.activity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What kvaudit's queries got from each workspace, and what that means for its vaults' coverage: a workspace none of
 * whose queries could be read is unreadable (its vaults are not assessed for activity, with Azure's reason); one
 * with a failed or partial answer is read only in part (incomplete coverage, never a clean pass). The live source and
 * the snapshot reader of an export judge answers through this one class, so both say the same. Not thread-safe.
 */
public final class WorkspaceReads {

    /** How one query (or one part of a split query) ended. */
    public enum Answer { COMPLETE, PARTIAL, FAILED }

    private record Read(String query, Answer answer, String reason) {}

    private final Map<String, List<Read>> reads = new LinkedHashMap<>();

    /**
     * @param workspaceId lower-cased ARM id
     * @param query       what was asked, as a report names it: "coverage", "detection facts (part 2 of 4)"
     * @param reason      Azure's error, when the answer is partial or failed
     */
    public void add(String workspaceId, String query, Answer answer, String reason) {
        reads.computeIfAbsent(workspaceId, k -> new ArrayList<>()).add(new Read(query, answer, reason));
    }

    /** The workspaces as the resource manager described them, with what the queries could not read added. */
    public Map<String, ActivityLog.Workspace> judge(Map<String, ActivityLog.Workspace> workspaces) {
        Map<String, ActivityLog.Workspace> out = new LinkedHashMap<>();
        workspaces.forEach((id, w) -> {
            // in the order of what was asked, whichever order the answers came in (files, threads)
            List<Read> r = reads.getOrDefault(id, List.of()).stream().sorted(java.util.Comparator.comparing(Read::query)).toList();
            if (w.readError() != null || r.isEmpty()) { out.put(id, w); return; }
            if (r.stream().allMatch(x -> x.answer() == Answer.FAILED)) {
                out.put(id, new ActivityLog.Workspace(id, w.customerId(), w.retentionInDays(), "its queries failed: " + r.get(0).reason(), null));
                return;
            }
            List<String> gaps = new ArrayList<>();
            for (Read x : r) {
                if (x.answer() == Answer.FAILED) gaps.add("the " + x.query() + " query failed: " + x.reason());
                else if (x.answer() == Answer.PARTIAL) gaps.add("the " + x.query() + " answer is partial: " + x.reason());
            }
            out.put(id, new ActivityLog.Workspace(id, w.customerId(), w.retentionInDays(), null,
                    gaps.isEmpty() ? null : "workspace " + name(id) + ": " + String.join("; ", gaps)));
        });
        return out;
    }

    static String name(String workspaceId) { return workspaceId.substring(workspaceId.lastIndexOf('/') + 1); }
}
