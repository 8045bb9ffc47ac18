package io.kvaudit.activity;

import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.DiagnosticSetting;
import io.kvaudit.model.Inventory;
import io.kvaudit.model.LogCoverage;
import io.kvaudit.model.LogSetting;
import io.kvaudit.model.VaultInventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far back each vault's logs reach (docs/activity.md, "Coverage"). Where the source knows the workspaces it read
 * (a live scan, an export), a vault whose diagnostic settings send AuditEvent to a readable workspace is covered for
 * that workspace's retention, up to the windows, and from no earlier than the first event any of its vaults logged
 * there (a workspace that began receiving a month ago holds a month, whatever its retention); where it does not (a hand-made {@code logs/}), a vault is covered from
 * its own first event to the end of the span of all events, and a vault with no event has no coverage. A vault whose
 * audit logs go nowhere queryable, and that shows no event either, is not assessable for activity, with the reason.
 */
public final class CoverageAnalysis {

    private CoverageAnalysis() {}

    public static Map<String, LogCoverage> of(Inventory inventory, ActivityLog log, ActivityWindow window) {
        Map<String, LogCoverage> out = new LinkedHashMap<>();
        Map<String, Instant> workspaceFirst = firstEvents(inventory, log);
        for (VaultInventory vi : inventory.vaults()) {
            String id = vi.vault().id();
            List<String> workspaces = auditWorkspaces(vi);
            String incomplete = incomplete(log, workspaces);
            ActivityLog.VaultEvents events = log.vaults().get(id);
            long count = events == null ? 0 : events.events();
            Instant first = events == null ? null : events.first(), last = events == null ? null : events.last();
            Instant from = null, to = null;
            String notAssessable = null;
            if (log.workspaces() != null && workspaces != null && !workspaces.isEmpty()) {
                List<String> errors = new ArrayList<>();
                for (String w : workspaces) {
                    ActivityLog.Workspace ws = log.workspaces().get(w);
                    if (ws == null) { errors.add("workspace " + name(w) + " was not read"); continue; }
                    if (ws.readError() != null) { errors.add("workspace " + name(w) + " could not be read: " + ws.readError()); continue; }
                    // the logs reach back as far as the retention allows, but no further than the workspace's
                    // first event: a workspace that began receiving 31 days ago holds 31 days, whatever its retention
                    Instant first0 = workspaceFirst.get(w);
                    if (first0 == null) continue; // none of its vaults logged anything: judged as without workspaces
                    Instant start = ws.retentionInDays() == null ? window.earliest()
                            : later(window.earliest(), window.asOf().minusSeconds(ws.retentionInDays() * 86_400L));
                    start = later(start, first0);
                    from = from == null || start.isBefore(from) ? start : from;
                    to = window.asOf();
                }
                if (from == null && events == null && !errors.isEmpty()) notAssessable = String.join("; ", errors);
            }
            if (from == null && events != null) {
                from = later(first, window.earliest());
                to = log.lastEvent();
            }
            if (from == null && notAssessable == null) notAssessable = whyNotAssessable(vi, workspaces, log);
            out.put(id, new LogCoverage(id, workspaces == null ? List.of() : workspaces, from, to, count, first, last,
                    notAssessable, incomplete));
        }
        return out;
    }

    /** Per workspace, the first audit event of any vault whose diagnostic settings send AuditEvent to it. */
    private static Map<String, Instant> firstEvents(Inventory inventory, ActivityLog log) {
        Map<String, Instant> out = new java.util.HashMap<>();
        for (VaultInventory vi : inventory.vaults()) {
            ActivityLog.VaultEvents e = log.vaults().get(vi.vault().id());
            List<String> workspaces = auditWorkspaces(vi);
            if (e == null || workspaces == null) continue;
            for (String w : workspaces) out.merge(w, e.first(), (a, b) -> a.isBefore(b) ? a : b);
        }
        return out;
    }

    /**
     * Why the vault's logs were read only in part: a partial answer of a file that names no workspace (a hand-made
     * logs/), or of a workspace its audit logs go to; null when complete.
     */
    private static String incomplete(ActivityLog log, List<String> workspaces) {
        List<String> why = new ArrayList<>(log.incomplete());
        if (log.workspaces() != null && workspaces != null)
            for (String w : workspaces) {
                ActivityLog.Workspace ws = log.workspaces().get(w);
                if (ws != null && ws.incomplete() != null) why.add(ws.incomplete());
            }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    /** The workspaces the vault's diagnostic settings send AuditEvent to; null when the settings were not collected. */
    public static List<String> auditWorkspaces(VaultInventory vi) {
        List<DiagnosticSetting> settings = vi.diagnosticSettings().orNull();
        if (settings == null) return null;
        List<String> out = new ArrayList<>();
        for (DiagnosticSetting d : settings) {
            if (d.workspaceId() == null) continue;
            String w = d.workspaceId().toLowerCase(java.util.Locale.ROOT);
            if (d.logs().stream().anyMatch(LogSetting::sendsAuditEvent) && !out.contains(w)) out.add(w);
        }
        return out;
    }

    /** Why a vault without coverage has none; null when it should have some but shows no event (an ERROR per detector). */
    private static String whyNotAssessable(VaultInventory vi, List<String> workspaces, ActivityLog log) {
        if (workspaces == null)
            return "its diagnostic settings were not collected (" + vi.diagnosticSettings().reason() + ") and the logs hold no event of it";
        if (workspaces.isEmpty())
            return "its diagnostic settings send AuditEvent to no Log Analytics workspace (see vault-audit-logs-not-queryable)";
        return null;
    }

    private static Instant later(Instant a, Instant b) { return a.isAfter(b) ? a : b; }

    private static String name(String workspaceId) {
        return workspaceId.substring(workspaceId.lastIndexOf('/') + 1);
    }
}
