package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.Operations;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;
import io.kvaudit.model.RoleAssignment;
import io.kvaudit.rules.AccessAnalysis.EffectiveAssignment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Data-plane role assignments on an RBAC vault whose principal made no successful data-plane call on it (on the
 * object, for an assignment scoped to one) in the last {@code days} days. Assignments at subscription, management
 * group or resource group scope are judged on each vault they cover; those younger than the window and those of
 * groups are not judged. One finding per vault and principal, listing each of its unused assignments (results are
 * keyed by principal, so two assignments of one principal share one).
 */
public final class UnusedGrant implements Detector {

    @Override
    public String id() { return "activity-unused-grant"; }

    @Override
    public double historyDays(DetectorParams params, ActivityWindow window) { return params.integer("days"); }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        // role assignments grant nothing on the data plane of an access-policy vault
        if (!vault.vault().usesRbac()) return;
        long days = params.integer("days");
        Instant asOf = context.window().asOf(), since = asOf.minus(Duration.ofDays(days));
        String missing = context.access().assignmentsMissing(vault.vault().subscriptionId());
        if (missing != null) {
            out.add(Finding.notAssessed(vault.id(), "vault", null, "not assessed: the role assignments of subscription "
                    + vault.vault().subscriptionId() + " are unknown (" + missing + ")", Evidence.of(context.window(), since, asOf)
                    .put("roleAssignments", missing).vault(vault, context.sources()).map()));
            return;
        }
        Map<String, LogFact> lastCall = new HashMap<>();
        Map<String, List<LogFact>> recent = new HashMap<>();
        for (LogFact f : vault.facts()) {
            String oid = f.caller().objectId();
            if (oid == null) continue;
            if (!f.lastSeen().isBefore(since)) recent.computeIfAbsent(oid, k -> new ArrayList<>()).add(f);
            if (!f.succeeded() || !Operations.isDataPlane(f.operation())) continue;
            later(lastCall, oid, f);
            if (f.objectId() != null) later(lastCall, oid + " " + f.objectId().toLowerCase(Locale.ROOT), f);
        }
        Map<String, List<EffectiveAssignment>> unused = new TreeMap<>();
        List<String> unjudged = new ArrayList<>();
        for (EffectiveAssignment ea : vault.assignments()) {
            RoleAssignment a = ea.assignment();
            // members of a group are not known, and an untyped principal may be one
            if (a.principalId() == null || a.principalType() == null || DataPlaneGrants.isGroup(a.principalType())) continue;
            if (ea.role() == null) {
                unjudged.add(a.id() + ": " + ea.roleMissingReason());
                continue;
            }
            if (!DataPlaneGrants.isDataPlaneRole(ea.role())) continue;
            if (a.createdOn() != null && a.createdOn().isAfter(since)) continue;
            String key = "object".equals(ea.scopeLevel()) ? a.principalId() + " " + a.scope() : a.principalId();
            LogFact last = lastCall.get(key);
            if (last != null && !last.lastSeen().isBefore(since)) continue;
            unused.computeIfAbsent(a.principalId(), k -> new ArrayList<>()).add(ea);
        }
        unused.forEach((oid, list) -> {
            Principal who = new Principal(oid, null, null);
            String type = list.get(0).assignment().principalType();
            List<Map<String, Object>> assignments = new ArrayList<>();
            List<String> roles = new ArrayList<>();
            for (EffectiveAssignment ea : list) {
                RoleAssignment a = ea.assignment();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", a.id());
                m.put("role", ea.role().roleName());
                m.put("scope", a.scope());
                m.put("createdOn", a.createdOn() == null ? "unknown" : a.createdOn().toString());
                assignments.add(m);
                roles.add(ea.role().roleName() + " at " + a.scope() + " (" + a.name() + ")");
            }
            LogFact last = lastCall.get(oid);
            String lastSeen = last == null ? "none in the logs (from " + vault.coverage().from() + ")"
                    : last.lastSeen() + " " + last.operation()
                            + (last.objectName() == null ? "" : " " + last.objectKind() + "/" + last.objectName());
            Evidence e = Evidence.of(context.window(), since, asOf).principal(who).put("principalType", type)
                    .put("days", days).put("assignments", assignments).put("lastDataPlaneCall", lastSeen);
            boolean onObjects = list.stream().allMatch(ea -> "object".equals(ea.scopeLevel()));
            out.add(new Finding(vault.id(), "vault", who, null, who.display() + " (" + type + ") holds "
                    + String.join("; ", roles) + " and made no data-plane call on "
                    + (onObjects ? "the object" : vault.vault().name()) + " in " + days + " days",
                    e.examples(recent.getOrDefault(oid, List.of())).vault(vault, context.sources()).map()));
        });
        if (!unjudged.isEmpty())
            out.add(Finding.notAssessed(vault.id(), "vault", null, "not assessed: " + unjudged.size()
                    + " role assignment(s) covering " + vault.vault().name() + " have a role kvaudit cannot read ("
                    + unjudged.get(0) + (unjudged.size() > 1 ? "; ..." : "") + ")", Evidence.of(context.window(), since, asOf)
                    .put("assignments", unjudged).vault(vault, context.sources()).map()));
    }

    private static void later(Map<String, LogFact> last, String key, LogFact f) {
        LogFact seen = last.get(key);
        if (seen == null || f.lastSeen().isAfter(seen.lastSeen())) last.put(key, f);
    }
}
