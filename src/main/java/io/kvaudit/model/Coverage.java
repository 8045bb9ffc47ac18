package io.kvaudit.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much of the tenant a run saw: subscriptions in scope / scanned / failed, vaults found / assessed / not assessed
 * (with the reasons), and how many objects and role assignments were collected. A vault is "assessed" when its
 * diagnostic settings, secrets, keys and certificates were all read.
 */
public record Coverage(int subscriptionsInScope, int subscriptionsScanned, int subscriptionsFailed,
                       int vaultsFound, int vaultsAssessed, int vaultsNotAssessed,
                       long secrets, long keys, long certificates, long roleAssignments, Long logEvents,
                       List<NotAssessed> notAssessed) {

    /** A subscription or vault that was not (fully) assessed, and why. */
    public record NotAssessed(String resourceId, String name, List<String> reasons) {}

    public static Coverage of(Inventory inv) {
        int failedSubs = 0;
        long assignments = 0;
        List<NotAssessed> gaps = new ArrayList<>();
        for (SubscriptionInventory s : inv.subscriptions()) {
            List<String> reasons = new ArrayList<>();
            for (Collected<?> c : List.of(s.vaults(), s.roleAssignments(), s.roleDefinitions(), s.defenderPlans()))
                if (!c.isPresent()) reasons.add(c.reason());
            if (!s.vaults().isPresent()) failedSubs++;
            if (s.roleAssignments().isPresent()) assignments += s.roleAssignments().orNull().size();
            if (!reasons.isEmpty()) gaps.add(new NotAssessed(s.subscription().id(), s.subscription().displayName(), reasons));
        }
        int assessed = 0;
        for (VaultInventory v : inv.vaults()) {
            Map<String, Collected<?>> inputs = new LinkedHashMap<>();
            inputs.put("diagnostic settings", v.diagnosticSettings());
            inputs.put("secrets", v.secrets());
            inputs.put("keys", v.keys());
            inputs.put("certificates", v.certificates());
            List<String> reasons = inputs.values().stream().filter(c -> !c.isPresent()).map(Collected::reason).toList();
            if (reasons.isEmpty()) assessed++;
            else gaps.add(new NotAssessed(v.vault().id(), v.vault().name(), reasons));
        }
        int found = inv.vaults().size();
        return new Coverage(inv.subscriptions().size(), inv.subscriptions().size() - failedSubs, failedSubs,
                found, assessed, found - assessed, inv.count(VaultInventory::secrets), inv.count(VaultInventory::keys),
                inv.count(VaultInventory::certificates), assignments, null, List.copyOf(gaps));
    }

    /** The same coverage with the number of audit events the activity stage read. */
    public Coverage withLogEvents(Long events) {
        return new Coverage(subscriptionsInScope, subscriptionsScanned, subscriptionsFailed, vaultsFound, vaultsAssessed,
                vaultsNotAssessed, secrets, keys, certificates, roleAssignments, events, notAssessed);
    }

    public boolean complete() { return subscriptionsFailed == 0 && vaultsNotAssessed == 0; }
}
