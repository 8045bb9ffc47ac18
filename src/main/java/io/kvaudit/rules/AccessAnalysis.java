package io.kvaudit.rules;

import io.kvaudit.model.AccessPolicy;
import io.kvaudit.model.Collected;
import io.kvaudit.model.Inventory;
import io.kvaudit.model.RoleAssignment;
import io.kvaudit.model.RoleDefinition;
import io.kvaudit.model.SubscriptionInventory;
import io.kvaudit.model.Vault;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who can do what on which vault, derived once per run from the inventory: role assignments joined with their role
 * definitions (by GUID) and with the vaults their scope covers (management group and subscription scopes cover every
 * vault of the subscription that lists them, a resource-group scope the vaults in the group, a vault scope the vault),
 * and the principals that can read secret values of each vault (RBAC vaults: assignments whose role allows
 * {@code secrets/getSecret/action}; access-policy vaults: policies granting secrets {@code get} or {@code all}).
 */
public final class AccessAnalysis {

    public static final String READ_SECRET_VALUE = "Microsoft.KeyVault/vaults/secrets/getSecret/action";
    private static final String MG_PREFIX = "/providers/microsoft.management/managementgroups/";

    /** A role assignment with its role (null when the definition was not found) and the vaults it covers. */
    public record EffectiveAssignment(RoleAssignment assignment, RoleDefinition role, String roleMissingReason,
                                      String scopeLevel, List<Vault> coveredVaults) {}

    private final Map<String, EffectiveAssignment> assignments = new LinkedHashMap<>();
    private final Map<String, List<EffectiveAssignment>> byVault = new HashMap<>();
    private final Map<String, String> assignmentsMissingBySubscription = new HashMap<>();
    private final Map<String, String> definitionsMissingBySubscription = new HashMap<>();

    public AccessAnalysis(Inventory inventory) {
        Map<String, RoleDefinition> roles = new HashMap<>();
        for (SubscriptionInventory s : inventory.subscriptions()) {
            List<RoleDefinition> defs = s.roleDefinitions().orNull();
            if (defs == null) definitionsMissingBySubscription.put(s.subscription().subscriptionId(), s.roleDefinitions().reason());
            else defs.forEach(d -> roles.putIfAbsent(d.name(), d));
        }
        Map<String, List<RoleAssignment>> listedIn = new LinkedHashMap<>();
        Map<String, List<String>> listingSubscriptions = new HashMap<>();
        for (SubscriptionInventory s : inventory.subscriptions()) {
            List<RoleAssignment> list = s.roleAssignments().orNull();
            if (list == null) {
                assignmentsMissingBySubscription.put(s.subscription().subscriptionId(), s.roleAssignments().reason());
                continue;
            }
            for (RoleAssignment ra : list) {
                listedIn.computeIfAbsent(ra.id(), k -> new ArrayList<>()).add(ra);
                listingSubscriptions.computeIfAbsent(ra.id(), k -> new ArrayList<>()).add(s.subscription().subscriptionId());
            }
        }
        Map<String, List<Vault>> vaultsBySub = new HashMap<>();
        Map<String, List<Vault>> vaultsByGroup = new HashMap<>();
        Map<String, Vault> vaultsById = new HashMap<>();
        for (SubscriptionInventory s : inventory.subscriptions()) {
            for (Vault v : s.vaults().isPresent() ? s.vaults().orNull() : List.<Vault>of()) {
                vaultsBySub.computeIfAbsent(v.subscriptionId(), k -> new ArrayList<>()).add(v);
                vaultsByGroup.computeIfAbsent(v.subscriptionId() + "/" + v.resourceGroup(), k -> new ArrayList<>()).add(v);
                vaultsById.put(v.id(), v);
            }
        }
        for (Map.Entry<String, List<RoleAssignment>> e : listedIn.entrySet()) {
            RoleAssignment ra = e.getValue().get(0);
            String level = scopeLevel(ra.scope(), vaultsById);
            Map<String, Vault> covered = new LinkedHashMap<>(); // by id: hashing whole Vault records is slow
            List<Vault> within = List.of();
            switch (level) {
                case "root", "managementGroup" -> listingSubscriptions.get(ra.id())
                        .forEach(sub -> vaultsBySub.getOrDefault(sub, List.of()).forEach(v -> covered.put(v.id(), v)));
                case "subscription" -> vaultsBySub.getOrDefault(segment(ra.scope(), "subscriptions"), List.of())
                        .forEach(v -> covered.put(v.id(), v));
                case "resourceGroup" -> vaultsByGroup.getOrDefault(segment(ra.scope(), "subscriptions") + "/"
                        + segment(ra.scope(), "resourcegroups"), List.of()).forEach(v -> covered.put(v.id(), v));
                case "vault" -> covered.put(ra.scope(), vaultsById.get(ra.scope()));
                case "object" -> within = List.of(vaultsById.get(vaultIdPrefix(ra.scope())));
                default -> { }
            }
            RoleDefinition role = roles.get(ra.roleDefinitionGuid());
            String missing = null;
            if (role == null) {
                String defsMissing = definitionsMissingBySubscription.get(ra.subscriptionId());
                missing = defsMissing != null ? defsMissing
                        : "role definition " + ra.roleDefinitionGuid() + " not found among the collected role definitions";
            }
            EffectiveAssignment ea = new EffectiveAssignment(ra, role, missing, level, List.copyOf(covered.values()));
            assignments.put(ra.id(), ea);
            for (Vault v : covered.values()) byVault.computeIfAbsent(v.id(), k -> new ArrayList<>()).add(ea);
            for (Vault v : within) byVault.computeIfAbsent(v.id(), k -> new ArrayList<>()).add(ea);
        }
    }

    public List<EffectiveAssignment> assignments() { return List.copyOf(assignments.values()); }

    /** Why role assignments of a subscription are unknown, or null when they were collected. */
    public String assignmentsMissing(String subscriptionId) { return assignmentsMissingBySubscription.get(subscriptionId); }

    /** Assignments that apply to the vault (covering it, or scoped to one of its objects). */
    public List<EffectiveAssignment> assignmentsFor(Vault v) { return byVault.getOrDefault(v.id(), List.of()); }

    /** Distinct principal ids that can read secret values of the vault, or why that cannot be known. */
    public Collected<List<String>> secretValueReaders(Vault v) {
        Set<String> readers = new LinkedHashSet<>();
        if (v.usesRbac()) {
            String missing = assignmentsMissing(v.subscriptionId());
            if (missing != null) return Collected.failed("role assignments", "NotCollected", missing);
            for (EffectiveAssignment ea : assignmentsFor(v)) {
                if (ea.role() == null)
                    return Collected.failed("role definitions", "NotCollected", ea.roleMissingReason());
                if (Permissions.allows(ea.role().dataActions(), ea.role().notDataActions(), READ_SECRET_VALUE))
                    readers.add(ea.assignment().principalId());
            }
        } else {
            for (AccessPolicy p : v.accessPolicies()) {
                if (p.secrets().contains("get") || p.secrets().contains("all")) readers.add(p.objectId());
            }
        }
        return Collected.present(List.copyOf(readers));
    }

    static String scopeLevel(String scope, Map<String, Vault> vaultsById) {
        if (scope.equals("/")) return "root";
        if (scope.startsWith(MG_PREFIX)) return "managementGroup";
        String[] seg = scope.split("/");
        if (seg.length == 3 && seg[1].equals("subscriptions")) return "subscription";
        if (seg.length == 5 && seg[3].equals("resourcegroups")) return "resourceGroup";
        if (vaultsById.containsKey(scope)) return "vault";
        String vaultPrefix = vaultIdPrefix(scope);
        if (vaultPrefix != null && vaultsById.containsKey(vaultPrefix)) return "object";
        return "resource";
    }

    private static String vaultIdPrefix(String scope) {
        String marker = "/providers/microsoft.keyvault/vaults/";
        int i = scope.indexOf(marker);
        if (i < 0) return null;
        int end = scope.indexOf('/', i + marker.length());
        return end < 0 ? scope : scope.substring(0, end);
    }

    private static String segment(String scope, String name) {
        String[] seg = scope.toLowerCase(Locale.ROOT).split("/");
        for (int i = 0; i < seg.length - 1; i++) if (seg[i].equals(name)) return seg[i + 1];
        return "";
    }
}
