package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.AccessPolicy;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;
import io.kvaudit.model.RoleAssignment;
import io.kvaudit.model.Vault;
import io.kvaudit.rules.AccessAnalysis.EffectiveAssignment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Successful data-plane calls in the detection window that the vault's current grants do not explain: on an RBAC
 * vault no role assignment of the caller covering the vault (or the object) allows the operation's data action; on
 * an access-policy vault no policy of the caller grants the permission. A caller whose calls a group's grant could
 * explain is not a finding but an unverifiable (ERROR) result naming those grants: group membership is in the
 * directory, which kvaudit does not read.
 */
public final class AccessWithoutGrant implements Detector {

    @Override
    public String id() { return "activity-access-without-grant"; }

    /**
     * How one call stands against the grants: explained by the caller's own grant, possibly by grants kvaudit cannot
     * check (a group's, or one whose role is unknown, which {@code roleUnknown} says), or not at all.
     */
    private record Judgement(boolean direct, List<String> possibly, boolean roleUnknown) {
        static final Judgement GRANTED = new Judgement(true, List.of(), false);
    }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        Map<String, List<LogFact>> byCaller = new TreeMap<>();
        Map<String, Principal> callers = new HashMap<>();
        for (LogFact f : vault.facts()) {
            if (!context.window().inDetection(f.bucket()) || !f.succeeded() || f.caller().isAnonymous()
                    || DataPlaneGrants.of(f.operation()) == null) continue;
            byCaller.computeIfAbsent(f.caller().key(), k -> new ArrayList<>()).add(f);
            callers.put(f.caller().key(), f.caller());
        }
        if (byCaller.isEmpty()) return;
        Vault v = vault.vault();
        boolean rbac = v.usesRbac();
        if (rbac) {
            String missing = context.access().assignmentsMissing(v.subscriptionId());
            if (missing != null) {
                out.add(Finding.notAssessed(vault.id(), "vault", null, "not assessed: " + byCaller.size()
                        + " caller(s) made data-plane calls on " + v.name() + ", and the role assignments of subscription "
                        + v.subscriptionId() + " are unknown (" + missing + ")", Evidence.detection(context.window())
                        .put("callers", byCaller.size()).put("roleAssignments", missing).vault(vault, context.sources()).map()));
                return;
            }
        }
        Map<String, String> policyTypes = rbac ? Map.of() : knownTypes(vault, context);
        byCaller.forEach((key, facts) -> {
            Principal caller = callers.get(key);
            Map<String, Long> unexplained = new TreeMap<>(), unverifiable = new TreeMap<>();
            List<LogFact> unexplainedFacts = new ArrayList<>(), unverifiableFacts = new ArrayList<>();
            Set<String> needs = new LinkedHashSet<>(), objects = new TreeSet<>(), possibly = new LinkedHashSet<>();
            boolean groupsOnly = true;
            for (LogFact f : facts) {
                DataPlaneGrants.Need need = DataPlaneGrants.of(f.operation());
                Judgement j = caller.objectId() == null ? new Judgement(false, List.of("the token carried no object id"), true)
                        : rbac ? byRoles(vault, f, need) : byPolicies(v, f, need, policyTypes);
                if (j.direct()) continue;
                if (j.possibly().isEmpty()) {
                    unexplained.merge(f.operation(), f.count(), Long::sum);
                    unexplainedFacts.add(f);
                    needs.add(f.operation() + " needs " + need.describe(rbac));
                    if (f.objectName() != null) objects.add(f.objectKind() + "/" + f.objectName());
                } else {
                    unverifiable.merge(f.operation(), f.count(), Long::sum);
                    unverifiableFacts.add(f);
                    possibly.addAll(j.possibly());
                    groupsOnly &= !j.roleUnknown();
                }
            }
            if (unexplained.isEmpty() && unverifiable.isEmpty()) return;
            // the application (or UPN) of the calls in question, not of the caller's last call
            Principal who = (unexplainedFacts.isEmpty() ? unverifiableFacts : unexplainedFacts).get(0).caller();
            String how = rbac ? "role assignment" : "access policy";
            Evidence e = Evidence.detection(context.window()).principal(who)
                    .put("authorization", rbac ? "role assignments (RBAC)" : "access policies")
                    .put("grantsHeld", held(vault, v, who, rbac))
                    .put("grantsChecked", rbac ? vault.assignments().size() : v.accessPolicies().size());
            if (!unexplained.isEmpty()) {
                e.put("operations", unexplained).put("needs", List.copyOf(needs)).put("objects", cap(objects));
                if (!unverifiable.isEmpty()) e.put("unverifiableOperations", unverifiable).put("mayBeGrantedBy", List.copyOf(possibly));
                out.add(new Finding(vault.id(), "vault", who, null, who.display() + " made " + calls(unexplained)
                        + " on " + v.name() + " that no current " + how + " grants",
                        e.examples(unexplainedFacts).vault(vault, context.sources()).map()));
            } else {
                e.put("operations", unverifiable).put("mayBeGrantedBy", List.copyOf(possibly));
                String what = who.display() + " made " + calls(unverifiable) + " on " + v.name() + "; ";
                out.add(Finding.notAssessed(vault.id(), "vault", who, groupsOnly
                        ? "unverifiable (may be a group member): " + what + "no " + how + " of its own grants them, but "
                                + possibly.size() + " to groups (or principals of unknown type) could: group membership is not read"
                        : "unverifiable: " + what + "no " + how + " kvaudit can read grants them, and " + possibly.size()
                                + " it cannot check could (see mayBeGrantedBy)",
                        e.examples(unverifiableFacts).vault(vault, context.sources()).map()));
            }
        });
    }

    /** RBAC: an assignment covering the vault, or scoped to the object called, whose role allows the data action. */
    private static Judgement byRoles(VaultActivity vault, LogFact f, DataPlaneGrants.Need need) {
        List<String> possibly = new ArrayList<>();
        boolean roleUnknown = false;
        for (EffectiveAssignment ea : vault.assignments()) {
            RoleAssignment a = ea.assignment();
            if ("object".equals(ea.scopeLevel()) && (f.objectId() == null || !a.scope().equalsIgnoreCase(f.objectId()))) continue;
            boolean own = f.caller().objectId().equalsIgnoreCase(a.principalId());
            // an assignment without a principal type may be a group's as well
            boolean group = a.principalType() == null || DataPlaneGrants.isGroup(a.principalType());
            if (!own && !group) continue;
            if (ea.role() == null) {
                possibly.add(describe(ea) + " (its role is unknown: " + ea.roleMissingReason() + ")");
                roleUnknown = true;
                continue;
            }
            if (!DataPlaneGrants.roleGrants(ea.role(), need)) continue;
            if (own) return Judgement.GRANTED;
            possibly.add(describe(ea));
        }
        return new Judgement(false, possibly, roleUnknown);
    }

    /**
     * Access policies: one for the caller (with its application, for a compound identity) granting the permission.
     * A policy does not say whether its object id is a user, an application or a group; one known not to be a group
     * (seen calling, or typed by a role assignment) cannot explain another principal's call.
     */
    private static Judgement byPolicies(Vault v, LogFact f, DataPlaneGrants.Need need, Map<String, String> types) {
        List<String> possibly = new ArrayList<>();
        for (AccessPolicy p : v.accessPolicies()) {
            if (p.objectId() == null || !DataPlaneGrants.policyGrants(p, need)) continue;
            if (p.applicationId() != null && !p.applicationId().equalsIgnoreCase(f.caller().appId())) continue;
            if (p.objectId().equalsIgnoreCase(f.caller().objectId())) return Judgement.GRANTED;
            String type = types.get(p.objectId());
            if (type == null || DataPlaneGrants.isGroup(type))
                possibly.add("access policy for " + (type == null ? "object " + p.objectId() + " (type unknown: may be a group)"
                        : "group " + p.objectId()) + " granting " + need.kind() + " " + DataPlaneGrants.permissions(p, need.kind()));
        }
        return new Judgement(false, possibly, false);
    }

    /** Object ids whose type the run knows: callers of the vault are users or applications, role assignments say. */
    private static Map<String, String> knownTypes(VaultActivity vault, ActivityContext context) {
        Set<String> policyIds = new LinkedHashSet<>();
        vault.vault().accessPolicies().forEach(p -> { if (p.objectId() != null) policyIds.add(p.objectId()); });
        Map<String, String> types = new HashMap<>();
        for (LogFact f : vault.facts())
            if (f.caller().objectId() != null && policyIds.contains(f.caller().objectId())) types.put(f.caller().objectId(), "caller");
        if (types.size() < policyIds.size()) {
            Map<String, String> assigned = context.memo("access-without-grant/principal-types", () -> principalTypes(context));
            for (String id : policyIds) if (assigned.containsKey(id)) types.putIfAbsent(id, assigned.get(id));
        }
        return types;
    }

    /** Every assigned principal's type as its role assignments give it (the first one listed), once per run. */
    private static Map<String, String> principalTypes(ActivityContext context) {
        Map<String, String> out = new HashMap<>();
        for (EffectiveAssignment ea : context.access().assignments()) {
            RoleAssignment a = ea.assignment();
            if (a.principalId() != null && a.principalType() != null) out.putIfAbsent(a.principalId(), a.principalType());
        }
        return out;
    }

    /** The caller's own grants on the vault, whatever they allow: what an analyst compares with the calls. */
    private static List<String> held(VaultActivity vault, Vault v, Principal who, boolean rbac) {
        List<String> out = new ArrayList<>();
        if (who.objectId() == null) return out;
        if (rbac) {
            for (EffectiveAssignment ea : vault.assignments())
                if (who.objectId().equalsIgnoreCase(ea.assignment().principalId())) out.add(describe(ea));
        } else {
            for (AccessPolicy p : v.accessPolicies())
                if (who.objectId().equalsIgnoreCase(p.objectId()))
                    out.add("access policy" + (p.applicationId() == null ? "" : " with application " + p.applicationId())
                            + ": secrets " + p.secrets() + ", keys " + p.keys() + ", certificates " + p.certificates());
        }
        return out;
    }

    private static String describe(EffectiveAssignment ea) {
        RoleAssignment a = ea.assignment();
        String role = ea.role() != null && ea.role().roleName() != null ? ea.role().roleName() : "role " + a.roleDefinitionGuid();
        return role + " for " + (a.principalType() == null ? "principal" : a.principalType()) + " " + a.principalId()
                + " at " + a.scope() + " (assignment " + (a.name() != null ? a.name() : a.id()) + ")";
    }

    /** "3 successful data-plane calls (SecretGet x2, SecretList x1)". */
    private static String calls(Map<String, Long> ops) {
        long n = ops.values().stream().mapToLong(Long::longValue).sum();
        List<String> parts = new ArrayList<>();
        ops.forEach((op, count) -> parts.add(op + " x" + count));
        return n + " successful data-plane call" + (n == 1 ? "" : "s") + " (" + String.join(", ", parts) + ")";
    }

    private static List<String> cap(Set<String> objects) {
        List<String> all = List.copyOf(objects);
        return all.size() <= 25 ? all : all.subList(0, 25);
    }
}
