package io.kvaudit.model;

import java.util.List;

/** Everything one run collected: the shared input of rules, detectors and reports. Sources fill it; nothing else does. */
public record Inventory(TenantInfo tenant, List<SubscriptionInventory> subscriptions, List<VaultInventory> vaults) {

    public long count(java.util.function.Function<VaultInventory, Collected<? extends List<?>>> what) {
        long n = 0;
        for (VaultInventory v : vaults) {
            List<?> items = what.apply(v).orNull();
            if (items != null) n += items.size();
        }
        return n;
    }
}
