package io.kvaudit.collect;

import io.kvaudit.model.Collected;
import io.kvaudit.model.SubscriptionInventory;
import io.kvaudit.model.VaultInventory;
import io.kvaudit.source.snapshot.SnapshotSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Collection checkpoints decode to exactly what was collected: every vault and subscription of the demo tenant. */
class InventoryCodecTest {

    @Test
    void theDemoTenantSurvivesACheckpointFieldForField() {
        try (SnapshotSource source = new SnapshotSource(List.of(Path.of("samples/contoso")))) {
            InventoryCollector collector = new InventoryCollector(source, 2, CollectionProgress.SILENT);
            List<SubscriptionInventory> subs = collector.discover(collector.subscriptionsInScope(Set.of()));
            List<VaultInventory> vaults = collector.inventory(subs);

            InventoryCodec.Discovery discovery = new InventoryCodec.Discovery(source.tenant(), subs);
            assertEquals(discovery, InventoryCodec.discovery(InventoryCodec.encode(discovery)));
            Set<Class<?>> kinds = new HashSet<>();
            for (VaultInventory v : vaults) {
                assertEquals(v, one(v), v.vault().id());
                Stream.of(v.diagnosticSettings(), v.secrets(), v.keys(), v.certificates()).forEach(c -> kinds.add(c.getClass()));
            }
            // as checkpoints are written: a batch of vaults by their place in discovery order
            java.util.SortedMap<Integer, VaultInventory> batch = new java.util.TreeMap<>();
            for (int i = 0; i < vaults.size(); i++) batch.put(i, vaults.get(i));
            assertEquals(batch, InventoryCodec.vaults(InventoryCodec.encode(batch)));
            // the fixture carries more than present lists, or this test would prove less than it says
            assertTrue(vaults.size() >= 10, "vaults: " + vaults.size());
            assertTrue(kinds.contains(Collected.Present.class) && kinds.contains(Collected.Failed.class), "kinds: " + kinds);
            // and the kinds the fixture lacks: a list cut short, a list never read
            VaultInventory v = vaults.get(0);
            VaultInventory odd = new VaultInventory(v.vault(), Collected.notCollected("diagnostic settings"),
                    Collected.incomplete("secrets", "nextLink not followed"), v.keys(), Collected.failed("certificates", "Forbidden", null));
            assertEquals(odd, one(odd));
        }
    }

    /** A vault through a checkpoint of its own. */
    private static VaultInventory one(VaultInventory v) {
        return InventoryCodec.vaults(InventoryCodec.encode(new java.util.TreeMap<>(java.util.Map.of(0, v)))).get(0);
    }
}
