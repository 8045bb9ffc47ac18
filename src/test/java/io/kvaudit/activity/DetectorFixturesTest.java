package io.kvaudit.activity;

import io.kvaudit.collect.CollectionProgress;
import io.kvaudit.collect.InventoryCollector;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.Inventory;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Result;
import io.kvaudit.rules.ConfiguredDetector;
import io.kvaudit.rules.RuleOverrides;
import io.kvaudit.rules.RuleSet;
import io.kvaudit.rules.RuleSetLoader;
import io.kvaudit.source.snapshot.SnapshotSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every detector folder in {@code rules/activity/} and checks each fixture, once per table shape
 * (AzureDiagnostics with either claim spelling, AZKVAuditLogs): the three give the same facts and the same results,
 * and the results are the expected ones. A new detector is tested by adding files.
 */
class DetectorFixturesTest {

    static final Path ACTIVITY = Path.of("rules/activity");
    static RuleSet rules;

    @BeforeAll
    static void load() {
        rules = RuleSetLoader.load(Path.of("rules"), RuleOverrides.none());
    }

    @TestFactory
    Stream<DynamicNode> everyDetectorFixture() throws IOException {
        List<DynamicNode> nodes = new ArrayList<>();
        for (ConfiguredDetector d : rules.detectors()) {
            Path fixtures = ACTIVITY.resolve(d.id()).resolve("fixtures");
            List<Path> files;
            try (Stream<Path> s = Files.exists(fixtures) ? Files.list(fixtures) : Stream.empty()) {
                files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            }
            nodes.add(DynamicContainer.dynamicContainer(d.id(), files.stream().map(f ->
                    DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> check(d, f)))));
        }
        return nodes.stream();
    }

    @Test
    void everyDetectorHasLogicAndFixturesThatFireMissAndLackCoverage() throws IOException {
        assertThat(rules.detectors()).extracting(ConfiguredDetector::id).hasSize(16);
        for (ConfiguredDetector d : rules.detectors()) {
            assertThat(Detectors.get(d.id()).id()).isEqualTo(d.id());
            Path fixtures = ACTIVITY.resolve(d.id()).resolve("fixtures");
            assertThat(fixtures).as("fixtures of %s", d.id()).isDirectory();
            List<String> statuses = new ArrayList<>();
            try (Stream<Path> s = Files.list(fixtures)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).toList())
                    DetectorFixture.read(f).expect().forEach(e -> statuses.add(e.status()));
            }
            assertThat(statuses).as("expected statuses in the fixtures of %s", d.id()).contains("PASS", "FAIL", "ERROR");
        }
    }

    static void check(ConfiguredDetector detector, Path file) throws IOException {
        DetectorFixture fixture = DetectorFixture.read(file);
        Map<String, Object> params = new LinkedHashMap<>(detector.params());
        fixture.params().forEach((k, v) -> params.put(k, v instanceof Integer i ? i.longValue() : v));
        ConfiguredDetector configured = new ConfiguredDetector(detector.definition(), params, true, detector.controls());
        IpRanges listed = IpRanges.of(fixture.listedIps().stream().map(IpRanges::parse).toList());
        ActivityWindow window = ActivityWindow.of(fixture.asOf(), fixture.activityDays());
        Map<FixtureLogs.Shape, List<String>> byShape = new LinkedHashMap<>();
        Map<FixtureLogs.Shape, List<LogFact>> factsByShape = new LinkedHashMap<>();
        List<Result> first = null;
        for (FixtureLogs.Shape shape : FixtureLogs.Shape.values()) {
            Path dir = Files.createTempDirectory("kvaudit-detector-fixture");
            try {
                fixture.materialize(dir, shape, vaults(fixture));
                SnapshotSource source = new SnapshotSource(dir);
                InventoryCollector collector = new InventoryCollector(source, 1, CollectionProgress.SILENT);
                var subs = collector.discover(collector.subscriptionsInScope(null));
                Inventory inventory = new Inventory(source.tenant(), subs, collector.inventory(subs));
                ActivityLog log = source.logs().map(l -> l.read(window, inventory)).orElse(ActivityLog.empty(List.of()));
                assertThat(log.unreadable().count()).as("%s: unreadable rows in shape %s: %s", file, shape, log.unreadable().examples()).isZero();
                List<Result> results = new ArrayList<>();
                new ActivityStage(List.of(configured), window, listed).run(inventory, log, results::addAll);
                factsByShape.put(shape, log.facts());
                byShape.put(shape, results.stream().map(DetectorFixturesTest::describe).toList());
                if (first == null) first = results;
            } finally {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        List<LogFact> facts = factsByShape.get(FixtureLogs.Shape.AZURE_DIAGNOSTICS_SHORT_CLAIMS);
        factsByShape.forEach((shape, f) -> assertThat(f).as("%s: facts from %s", file, shape).isEqualTo(facts));
        List<String> expected = byShape.get(FixtureLogs.Shape.AZURE_DIAGNOSTICS_SHORT_CLAIMS);
        byShape.forEach((shape, r) -> assertThat(r).as("%s: results from %s", file, shape).isEqualTo(expected));
        String got = String.join("\n  ", expected);
        for (DetectorFixture.Expectation e : fixture.expect()) {
            List<Result> matching = first.stream().filter(r -> r.resourceId().endsWith(e.resource().toLowerCase(Locale.ROOT)))
                    .filter(r -> e.principal() == null || principalMatches(r, e.principal())).toList();
            if (e.status().equals("NONE")) {
                assertThat(matching).as("%s: %s: expected no result for %s %s; got\n  %s", file, fixture.description(),
                        e.resource(), Objects.toString(e.principal(), ""), got).isEmpty();
                continue;
            }
            assertThat(matching).as("%s: %s: expected one result for ...%s %s; got\n  %s", file, fixture.description(),
                    e.resource(), Objects.toString(e.principal(), ""), got).hasSize(1);
            Result r = matching.get(0);
            assertThat(r.status().name()).as("%s: %s: status of ...%s; got\n  %s", file, fixture.description(), e.resource(), got)
                    .isEqualTo(e.status());
            if (e.message() != null) assertThat(r.message()).as("%s: message", file).contains(e.message());
            e.evidence().forEach((k, v) -> assertThat(String.valueOf(r.evidence().get(k))).as("%s: evidence %s of ...%s; evidence %s",
                    file, k, e.resource(), r.evidence()).isEqualTo(String.valueOf(v)));
            if (r.status().name().equals("FAIL"))
                assertThat(r.evidence()).as("%s: a finding's evidence", file).containsKeys("window", "examples", "vault", "workspaces");
        }
    }

    @SuppressWarnings("unchecked")
    static boolean principalMatches(Result r, String who) {
        Object p = r.evidence().get("principal");
        if (!(p instanceof Map<?, ?> m)) return false;
        String w = who.toLowerCase(Locale.ROOT);
        return ((Map<String, Object>) m).values().stream().anyMatch(v -> w.equals(String.valueOf(v).toLowerCase(Locale.ROOT)));
    }

    static String describe(Result r) {
        return r.status() + " " + r.resourceId() + " " + r.severity().label() + " " + r.message() + " " + r.evidence();
    }

    /** Vault name to {id, vaultUri} from the fixture's vaults.json bodies. */
    @SuppressWarnings("unchecked")
    static Map<String, String[]> vaults(DetectorFixture f) {
        Map<String, String[]> out = new LinkedHashMap<>();
        f.snapshot().forEach((path, body) -> {
            if (!path.endsWith("/vaults.json") || !(body instanceof Map<?, ?> b)) return;
            for (Object o : (List<Object>) ((Map<String, Object>) b).getOrDefault("value", List.of())) {
                Map<String, Object> v = (Map<String, Object>) o;
                Map<String, Object> props = (Map<String, Object>) v.getOrDefault("properties", Map.of());
                String name = String.valueOf(v.get("name"));
                String uri = String.valueOf(props.getOrDefault("vaultUri", "https://" + name + ".vault.azure.net/"));
                out.put(name.toLowerCase(Locale.ROOT), new String[]{String.valueOf(v.get("id")).toLowerCase(Locale.ROOT),
                        uri.endsWith("/") ? uri : uri + "/"});
            }
        });
        return out;
    }
}
