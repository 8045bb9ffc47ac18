package io.kvaudit.rules;

import io.kvaudit.collect.InventoryCollector;
import io.kvaudit.model.Inventory;
import io.kvaudit.model.Result;
import io.kvaudit.source.snapshot.SnapshotSource;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every rule folder in {@code rules/} and checks each fixture: the snapshot it describes, read and evaluated
 * exactly as a scan would, gives the expected result for that rule. A new rule is tested by adding files.
 */
class RuleFixturesTest {

    static final Path RULES = Path.of("rules");
    static final List<RuleFile> FILES = RuleSetLoader.files(RULES);

    @TestFactory
    Stream<DynamicNode> everyRuleFixture() throws IOException {
        RuleSet all = RuleSetLoader.load(RULES, RuleOverrides.none());
        List<DynamicNode> nodes = new ArrayList<>();
        for (CompiledRule rule : all.rules()) {
            Path fixtures = Path.of(rule.definition().file()).getParent().resolve("fixtures");
            List<Path> files;
            try (Stream<Path> s = Files.list(fixtures)) {
                files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            }
            nodes.add(DynamicContainer.dynamicContainer(rule.id(), files.stream().map(f ->
                    DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> check(rule.id(), f)))));
        }
        return nodes.stream();
    }

    @Test
    void everyRuleHasAPassingAndAFailingFixture() throws IOException {
        RuleSet all = RuleSetLoader.load(RULES, RuleOverrides.none());
        for (CompiledRule rule : all.rules()) {
            Path fixtures = Path.of(rule.definition().file()).getParent().resolve("fixtures");
            assertThat(fixtures).as("fixtures folder of %s", rule.id()).isDirectory();
            List<String> statuses = new ArrayList<>();
            for (Path f : Files.list(fixtures).filter(p -> p.toString().endsWith(".yaml")).toList())
                RuleFixture.read(f).expect().forEach(e -> statuses.add(e.status()));
            assertThat(statuses).as("expected statuses in the fixtures of %s", rule.id()).contains("PASS", "FAIL");
        }
    }

    static void check(String ruleId, Path file) throws IOException {
        RuleFixture fixture = RuleFixture.read(file);
        Path dir = Files.createTempDirectory("kvaudit-fixture");
        try {
            fixture.materialize(dir);
            RuleOverrides overrides = new RuleOverrides(fixture.params().isEmpty() ? Map.of() : Map.of(ruleId, fixture.params()),
                    java.util.Set.of(ruleId), java.util.Set.of());
            // only the rule under test (its own file, no frameworks): the loader compiles it exactly as in a scan
            List<RuleFile> own = FILES.stream().filter(f -> f.relativePath().endsWith("/" + ruleId + "/rule.yaml")).toList();
            RuleSet only = RuleSetLoader.load(own, overrides, "fixture");
            SnapshotSource source = new SnapshotSource(dir);
            InventoryCollector collector = new InventoryCollector(source, 1, io.kvaudit.collect.CollectionProgress.SILENT);
            var subs = collector.discover(collector.subscriptionsInScope(null));
            Inventory inventory = new Inventory(source.tenant(), subs, collector.inventory(subs));
            List<Result> results = Collections.synchronizedList(new ArrayList<>());
            new RuleEvaluator(only, fixture.asOf()).evaluate(inventory, 1, results::addAll);
            String got = results.stream().map(r -> r.resourceId() + " " + r.status() + (r.message() == null ? "" : " (" + r.message() + ")")).toList().toString();
            for (RuleFixture.Expectation e : fixture.expect()) {
                if (e.status().equals("NONE")) {
                    assertThat(results).as("%s: %s: expected the rule not to apply; got %s", file, fixture.description(), got).isEmpty();
                    continue;
                }
                if (e.resource() == null) {
                    assertThat(results).as("%s: %s: expected exactly one result; got %s", file, fixture.description(), got).hasSize(1);
                    assertThat(results.get(0).status().name()).as("%s: %s; got %s", file, fixture.description(), got).isEqualTo(e.status());
                } else {
                    List<Result> matching = results.stream().filter(r -> r.resourceId().endsWith(e.resource().toLowerCase())).toList();
                    assertThat(matching).as("%s: %s: expected one result for resource ...%s; got %s", file, fixture.description(), e.resource(), got).hasSize(1);
                    assertThat(matching.get(0).status().name()).as("%s: %s: %s; got %s", file, fixture.description(), e.resource(), got).isEqualTo(e.status());
                }
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
