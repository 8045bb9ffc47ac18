package io.kvaudit.rules;

import io.kvaudit.collect.CollectionProgress;
import io.kvaudit.collect.InventoryCollector;
import io.kvaudit.model.Inventory;
import io.kvaudit.source.snapshot.SnapshotSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A scan asked to stop (SIGTERM) ends its evaluation between units, not after all of them. */
class RuleEvaluatorStopTest {

    @Test
    void evaluationStopsAtTheNextUnitOnceAStopIsAsked() {
        Inventory inventory;
        try (SnapshotSource source = new SnapshotSource(List.of(Path.of("samples/contoso")))) {
            InventoryCollector c = new InventoryCollector(source, 2, CollectionProgress.SILENT);
            var subs = c.discover(c.subscriptionsInScope(null));
            inventory = new Inventory(source.tenant(), subs, c.inventory(subs));
        }
        RuleEvaluator evaluator = new RuleEvaluator(RuleSetLoader.load((Path) null, RuleOverrides.none()),
                Instant.parse("2026-11-20T06:00:00Z"));
        AtomicInteger all = new AtomicInteger();
        evaluator.evaluate(inventory, 2, r -> all.incrementAndGet());
        assertThat(all.get()).as("units handed on without a stop").isGreaterThan(10);

        AtomicInteger handed = new AtomicInteger();
        assertThatThrownBy(() -> evaluator.evaluate(inventory, 2, r -> handed.incrementAndGet(), () -> handed.get() >= 3))
                .isInstanceOf(CancellationException.class).hasMessage("evaluation stopped");
        assertThat(handed.get()).isEqualTo(3);
    }
}
