package io.kvaudit.source.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.cli.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live path end to end: kvaudit's real command line and the real Azure SDK clients (resource manager and Key
 * Vault data plane) against {@link FakeAzure}, which serves the demo tenant as Azure would. Nothing leaves the JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveScanTest {

    static final Path SAMPLE = Path.of("samples/contoso");
    static final String AS_OF = "2026-11-20T06:00:00Z";
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<Class<?>> FAKE = List.of(FakeAzureAccess.class);

    Path tmp;
    String db;
    JsonNode snapshotResults;

    @BeforeAll
    void scanTheSnapshot() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-live");
        db = "jdbc:h2:file:" + tmp.resolve("db/kvaudit");
        Cli.Run run = Cli.run("scan", "--snapshot", SAMPLE.toString(), "--as-of", AS_OF, "--out", tmp.resolve("snapshot").toString(),
                "--db-url", db, "--format", "json", "--include-passed", "--quiet");
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        snapshotResults = results(tmp.resolve("snapshot"));
    }

    /** A live scan of the fake Azure that {@link FakeAzureAccess#use} set last. */
    Cli.Run live(String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("scan", "--as-of", AS_OF, "--out", tmp.resolve(out).toString(),
                "--db-url", db, "--format", "json", "--include-passed", "--quiet", "--auth", "client-secret"));
        args.addAll(List.of(extra));
        return Cli.runWith(FAKE, args.toArray(String[]::new));
    }

    static JsonNode results(Path dir) throws IOException {
        return JSON.readTree(dir.resolve("results.json").toFile());
    }

    /** Every result keyed by rule and resource, with everything a reader sees: status, message, evidence, controls. */
    /**
     * The rule results by rule and resource. Activity results are left out: a live scan does not query Log Analytics
     * yet, so the parity these tests check is the inventory's (the demo snapshot's logs/ are judged in ScanJobTest).
     */
    static Map<String, JsonNode> byKey(JsonNode results) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (JsonNode r : results.path("results"))
            if (!r.path("ruleId").asText().startsWith("activity-")) m.put(r.path("ruleId").asText() + " " + r.path("resourceId").asText(), r);
        return m;
    }

    /** A results.json section without what the activity stage adds (rules' tallies of detectors, coverage.activity). */
    static JsonNode withoutActivity(JsonNode section) {
        JsonNode copy = section.deepCopy();
        if (copy.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode kept = JSON.createArrayNode();
            copy.forEach(x -> { if (!x.path("id").asText().startsWith("activity-")) kept.add(x); });
            return kept;
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(List.of("activity", "logEvents"));
        return copy;
    }

    @Test
    void aLiveScanOfTheFakeEqualsTheSnapshotScanResultForResult() throws IOException {
        FakeAzure fake = new FakeAzure(SAMPLE).armPageSize(2);
        FakeCredential credential = FakeAzureAccess.use(fake, Duration.ofHours(1));
        Cli.Run run = live("live");
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        JsonNode live = results(tmp.resolve("live"));

        assertSameResults(byKey(live), byKey(snapshotResults));
        assertThat(withoutActivity(live.path("rules"))).isEqualTo(withoutActivity(snapshotResults.path("rules")));
        assertThat(withoutActivity(live.path("coverage"))).isEqualTo(withoutActivity(snapshotResults.path("coverage")));
        assertThat(byKey(live)).hasSizeGreaterThan(500);

        JsonNode meta = live.path("run");
        assertThat(meta.path("source").asText()).isEqualTo("live");
        assertThat(meta.path("tenantId").asText()).isEqualTo(FakeCredential.TENANT);
        assertThat(meta.path("identity").asText()).isEqualTo(FakeCredential.OBJECT_ID);
        JsonNode api = meta.path("collection").path("api");
        assertThat(api.path("calls").asLong()).isPositive();
        assertThat(api.path("callsByKind").path("vaults").asLong()).as("vault lists, 2 per page: 6+3+3 vaults").isEqualTo(7);
        // Key Vault's 401 challenge: counted, and exactly once per vault host, shared by the keys and certificates clients
        List<FakeAzure.Request> challenges = fake.requests().stream().filter(r -> !r.authorized() && r.status() == 401).toList();
        assertThat(api.path("challenges").asLong()).isEqualTo(challenges.size());
        Set<String> dataPlaneHosts = fake.requests().stream().map(r -> java.net.URI.create(r.url()).getHost())
                .filter(h -> !h.equals("management.azure.com")).collect(Collectors.toSet());
        assertThat(challenges.stream().map(r -> java.net.URI.create(r.url()).getHost()).toList())
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(dataPlaneHosts);
        assertThat(fake.requests()).anyMatch(r -> r.kind().equals("keyRotationPolicy") && r.status() == 200);
        assertThat(fake.requests()).allMatch(r -> r.authorized() || r.status() == 401);
        assertThat(meta.path("collection").path("stageMillis").has("inventory")).isTrue();

        // resource-manager lists were paged (2 per page): the SDK followed the absolute nextLinks
        assertThat(fake.requests()).anyMatch(r -> r.url().contains("$skiptoken") && r.kind().equals("roleAssignments"));
        // the secret lists went to the resource manager (the default), certificates to the data plane
        assertThat(fake.requests()).anyMatch(r -> r.kind().equals("secrets (resource manager)"));
        assertThat(fake.requests()).noneMatch(r -> r.kind().equals("secrets (data plane)"));
        assertThat(fake.requests()).anyMatch(r -> r.kind().equals("certificatePolicy") && r.status() == 200);
        // a token for the resource manager and one for Key Vault, never more scopes than that
        assertThat(credential.scopes).contains("https://management.azure.com/.default", "https://vault.azure.net/.default");
        assertNoSecretValueWasRequested(fake, tmp.resolve("live"));
    }

    @Test
    void theDataPlaneIsPagedTwentyFiveAtATime() throws IOException {
        Path tenant = BigVaultTenant.copyWithManyObjects(SAMPLE, tmp.resolve("big-tenant"), "kv-contoso-dev-app", 60, 30);
        FakeAzure fake = new FakeAzure(tenant);
        FakeAzureAccess.use(fake, Duration.ofHours(1));
        Cli.Run run = live("big-live", "--objects-via", "data-plane", "--subscription", "9c5d333e-4dad-4bf8-95a9-9a21585df52a");
        assertThat(run.exit()).as(run.toString()).isIn(0, 3);
        String host = "kv-contoso-dev-app.vault.azure.net";
        List<FakeAzure.Request> secretPages = fake.requests().stream()
                .filter(r -> r.url().contains(host) && r.kind().equals("secrets (data plane)") && r.status() == 200).toList();
        assertThat(secretPages).hasSize(3); // 60 + the vault's own secrets: 25 + 25 + the rest
        assertThat(secretPages.get(1).url()).startsWith("https://" + host + "/secrets?").contains("$skiptoken=");
        long certPages = fake.requests().stream().filter(r -> r.url().contains(host) && r.kind().equals("certificates") && r.status() == 200).count();
        assertThat(certPages).isEqualTo(2);
        JsonNode live = results(tmp.resolve("big-live"));
        assertThat(live.path("coverage").path("secrets").asLong()).isGreaterThanOrEqualTo(60);
        Cli.Run snap = Cli.run("scan", "--snapshot", tenant.toString(), "--as-of", AS_OF, "--out", tmp.resolve("big-snap").toString(),
                "--db-url", db, "--format", "json", "--include-passed", "--quiet", "--subscription", "9c5d333e-4dad-4bf8-95a9-9a21585df52a");
        // the data plane's key list carries no kty (Keys_List on the resource manager does), so compare the rest
        assertSameResults(withoutKeys(byKey(live)), withoutKeys(byKey(results(tmp.resolve("big-snap")))));
        assertNoSecretValueWasRequested(fake, tmp.resolve("big-live"));
    }

    @Test
    void anExportScansExactlyAsTheLiveTenantDid() throws IOException {
        FakeAzure fake = new FakeAzure(SAMPLE).armPageSize(3);
        FakeAzureAccess.use(fake, Duration.ofHours(1));
        Path export = tmp.resolve("export");
        Cli.Run exported = Cli.runWith(FAKE, "snapshot", "export", "--out", export.toString(), "--db-url", db, "--auth", "client-secret");
        assertThat(exported.exit()).as(exported.toString()).isZero();
        assertThat(exported.out()).contains("exported tenant " + FakeCredential.TENANT).contains("12 vaults");
        assertThat(JSON.readTree(export.resolve("snapshot.json").toFile()).path("formatVersion").asInt()).isEqualTo(1);
        // pages merged into one body; failed reads stored as Azure's error body
        assertThat(JSON.readTree(export.resolve("subscriptions.json").toFile()).path("value")).hasSize(3);
        assertThat(JSON.readTree(export.resolve("vaults/kv-contoso-prod-hr/secrets.json").toFile()).path("error").path("code").asText())
                .isEqualTo("Forbidden");
        assertThat(JSON.readTree(export.resolve("subscriptions/b4168700-27b3-4009-8a1c-531ba4928b02/roleAssignments.json").toFile()))
                .isEqualTo(JSON.readTree(SAMPLE.resolve("subscriptions/b4168700-27b3-4009-8a1c-531ba4928b02/roleAssignments.json").toFile()));

        Cli.Run scan = Cli.run("scan", "--snapshot", export.toString(), "--as-of", AS_OF, "--out", tmp.resolve("export-scan").toString(),
                "--db-url", db, "--format", "json", "--include-passed", "--quiet");
        assertThat(scan.exit()).as(scan.toString()).isEqualTo(3);
        assertSameResults(byKey(results(tmp.resolve("export-scan"))), byKey(snapshotResults));
        assertNoSecretValueWasRequested(fake, export);

        Cli.Run again = Cli.runWith(FAKE, "snapshot", "export", "--out", export.toString(), "--db-url", db, "--auth", "client-secret");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("must be a new or empty directory");
    }

    @Test
    void aThrottlingStormAndAForbiddenVaultStillEndInACompleteRun() throws IOException {
        FakeAzure fake = new FakeAzure(SAMPLE).throttleEvery(3, 1).forbid("kv-contoso-prod-payments");
        FakeCredential credential = FakeAzureAccess.use(fake, Duration.ofSeconds(1));
        Cli.Run run = live("storm");
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        JsonNode storm = results(tmp.resolve("storm"));
        JsonNode api = storm.path("run").path("collection").path("api");
        assertThat(api.path("throttled").asLong()).isGreaterThan(10);
        assertThat(api.path("retries").asLong()).isGreaterThanOrEqualTo(api.path("throttled").asLong());
        assertThat(fake.requests()).anyMatch(r -> r.status() == 429);
        // short-lived tokens were refreshed during the run
        assertThat(credential.issued.get()).isGreaterThan(2);

        String payments = "/subscriptions/b4168700-27b3-4009-8a1c-531ba4928b02/resourcegroups/rg-payments/providers/microsoft.keyvault/vaults/kv-contoso-prod-payments";
        Map<String, JsonNode> stormResults = byKey(storm), clean = byKey(snapshotResults);
        // every other vault's results are untouched by the storm
        Map<String, JsonNode> others = new TreeMap<>(), cleanOthers = new TreeMap<>();
        stormResults.forEach((k, v) -> { if (!v.path("resourceId").asText().startsWith(payments)) others.put(k, v); });
        clean.forEach((k, v) -> { if (!v.path("resourceId").asText().startsWith(payments)) cleanOthers.put(k, v); });
        assertSameResults(others, cleanOthers);
        // the forbidden vault: its settings (from the vault list) are still judged; what it refused is ERROR with Azure's code
        assertThat(stormResults.get("vault-purge-protection-disabled " + payments).path("status").asText()).isEqualTo("PASS");
        JsonNode diag = stormResults.get("vault-audit-logging-disabled " + payments);
        assertThat(diag.path("status").asText()).isEqualTo("ERROR");
        assertThat(diag.path("message").asText()).contains("AuthorizationFailed");
        JsonNode gap = null;
        for (JsonNode n : storm.path("coverage").path("notAssessed")) if (n.path("resourceId").asText().equals(payments)) gap = n;
        assertThat(gap).as("the forbidden vault is listed as not assessed").isNotNull();
        assertThat(gap.toString()).contains("AuthorizationFailed").contains("Forbidden");
        assertNoSecretValueWasRequested(fake, tmp.resolve("storm"));
    }

    /**
     * Azure's answers naming things Azure cannot name: a vault "../../../evilvault" in one subscription's vault list,
     * a key "../../../../../evilkey" and a secret "../../evil-secret" in two vaults' lists. Each answer is refused as
     * a failed read (ERROR, not assessed, with the reason) and the run goes on; no name becomes a request or, in an
     * export, a path; and the export, which stores each refusal as an error body, scans as the live tenant did.
     */
    @Test
    void answersWithNamesAzureCannotGiveAreFailedReadsAndNeverBecomeRequestsOrPaths() throws IOException {
        Path tenant = hostileCopy(tmp.resolve("hostile-tenant"));
        FakeAzure fake = new FakeAzure(tenant);
        FakeAzureAccess.use(fake, Duration.ofHours(1));
        Cli.Run run = live("hostile-live");
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        Map<String, JsonNode> live = byKey(results(tmp.resolve("hostile-live")));

        String sharedVaults = "/subscriptions/" + SHARED_SUB + "/providers/microsoft.keyvault/vaults";
        assertThat(messagesOf(live, sharedVaults)).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith(
                "Not assessed: vault list could not be read: InvalidName (at $.value[3].name: expected a vault name (3-24 letters"));
        assertThat(messagesOf(live, DEV_APP + "/keys")).isNotEmpty().allSatisfy(m -> assertThat(m).isEqualTo(
                "Not assessed: keys could not be read: InvalidName (at $.value[2].name: expected a key name (1-127 letters, digits "
                        + "and hyphens), found \"../../../../../evilkey\")"));
        assertThat(messagesOf(live, ORDERS + "/secrets")).isNotEmpty().allSatisfy(m -> assertThat(m).contains(
                "secrets could not be read: InvalidName", "found \"../../evil-secret\""));
        // the run went on: the other vaults were judged as usual
        assertThat(live.get("vault-purge-protection-disabled " + PAYMENTS).path("status").asText()).isEqualTo("PASS");
        assertThat(live.keySet()).anyMatch(k -> k.contains(DEV_APP + "/secrets/"));
        assertThat(fake.requests()).noneMatch(r -> r.url().toLowerCase(Locale.ROOT).contains("evil"));

        FakeAzure exporting = new FakeAzure(tenant);
        FakeAzureAccess.use(exporting, Duration.ofHours(1));
        Path within = Files.createDirectories(tmp.resolve("hostile-export/a/b"));
        Path export = within.resolve("export");
        Cli.Run exported = Cli.runWith(FAKE, "snapshot", "export", "--out", export.toString(), "--db-url", db, "--auth", "client-secret");
        assertThat(exported.exit()).as(exported.toString()).isZero();
        try (Stream<Path> files = Files.walk(tmp.resolve("hostile-export"))) {
            assertThat(files.filter(f -> !Files.isDirectory(f)).toList()).as("nothing written outside --out")
                    .allMatch(f -> f.startsWith(export)).isNotEmpty();
        }
        try (Stream<Path> files = Files.walk(export)) {
            assertThat(files.map(f -> export.relativize(f).toString()).toList()).noneMatch(f -> f.contains("evil"));
        }
        assertThat(JSON.readTree(export.resolve("subscriptions/" + SHARED_SUB + "/vaults.json").toFile()).path("error").path("code").asText())
                .isEqualTo("InvalidName");
        assertThat(JSON.readTree(export.resolve("vaults/kv-contoso-dev-app/keys.json").toFile()).path("error").path("code").asText())
                .isEqualTo("InvalidName");
        assertThat(exporting.requests()).noneMatch(r -> r.url().toLowerCase(Locale.ROOT).contains("evil"));

        Cli.Run scan = Cli.run("scan", "--snapshot", export.toString(), "--as-of", AS_OF, "--out", tmp.resolve("hostile-export-scan").toString(),
                "--db-url", db, "--format", "json", "--include-passed", "--quiet");
        assertThat(scan.exit()).as(scan.toString()).isEqualTo(3);
        assertSameResults(byKey(results(tmp.resolve("hostile-export-scan"))), live);
    }

    /**
     * A subscription id that is no GUID makes the subscription list itself untrustworthy, and without it nothing can
     * be scoped: like a subscription list Azure refuses, it stops the scan (exit 2) before any subscription is read.
     */
    @Test
    void aSubscriptionListWithAnIdThatIsNoGuidStopsTheScanBeforeAnythingIsRead() throws IOException {
        Path tenant = tmp.resolve("hostile-subscription");
        hostileCopy(tenant);
        Path subs = tenant.resolve("subscriptions.json");
        ObjectNode list = (ObjectNode) JSON.readTree(subs.toFile());
        ((ObjectNode) list.withArray("value").get(1)).put("subscriptionId", "../../../evilsub").put("id", "/subscriptions/../../../evilsub");
        JSON.writeValue(subs.toFile(), list);
        FakeAzure fake = new FakeAzure(tenant);
        FakeAzureAccess.use(fake, Duration.ofHours(1));
        Cli.Run run = live("hostile-subscription-live");
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("subscriptions could not be read: InvalidName (at $.value[1].id: expected an id with a "
                + "subscription id (a GUID", "kvaudit needs the whole subscription list").doesNotContain("\tat ");
        assertThat(fake.requests()).hasSize(1).allMatch(r -> r.kind().equals("subscriptions"));

        Path within = Files.createDirectories(tmp.resolve("hostile-subscription-export/a/b"));
        Cli.Run exported = Cli.runWith(FAKE, "snapshot", "export", "--out", within.resolve("export").toString(), "--db-url", db,
                "--auth", "client-secret");
        assertThat(exported.exit()).as(exported.toString()).isEqualTo(2);
        try (Stream<Path> files = Files.walk(tmp.resolve("hostile-subscription-export"))) {
            assertThat(files.filter(f -> !Files.isDirectory(f)).map(f -> within.relativize(f).toString()).toList())
                    .allMatch(f -> f.startsWith("export/")).noneMatch(f -> f.contains("evil"));
        }
    }

    @Test
    void aPageWithAnErrorBesideItsValueIsAFailedRead() throws IOException {
        FakeAzure fake = new FakeAzure(SAMPLE).errorBesideValue("kv-contoso-prod-payments");
        FakeAzureAccess.use(fake, Duration.ofHours(1));
        Cli.Run run = live("error-beside-value", "--subscription", "b4168700-27b3-4009-8a1c-531ba4928b02");
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        Map<String, JsonNode> live = byKey(results(tmp.resolve("error-beside-value")));
        assertThat(fake.requests()).anyMatch(r -> r.kind().equals("secrets (resource manager)") && r.url().contains("kv-contoso-prod-payments")
                && r.status() == 200);
        assertThat(messagesOf(live, PAYMENTS + "/secrets")).isNotEmpty().allSatisfy(m -> assertThat(m)
                .isEqualTo("Not assessed: secrets could not be read: Forbidden (The list could not be completed.)"));
        assertThat(live.keySet()).noneMatch(k -> k.contains(PAYMENTS + "/secrets/"));
    }

    static final String SHARED_SUB = "b9e7436f-f203-451c-b4a5-912cc553f6bc";
    static final String DEV_APP = "/subscriptions/9c5d333e-4dad-4bf8-95a9-9a21585df52a/resourcegroups/rg-dev-app/providers/microsoft.keyvault/vaults/kv-contoso-dev-app";
    static final String ORDERS = "/subscriptions/b4168700-27b3-4009-8a1c-531ba4928b02/resourcegroups/rg-orders/providers/microsoft.keyvault/vaults/kv-contoso-prod-orders";
    static final String PAYMENTS = "/subscriptions/b4168700-27b3-4009-8a1c-531ba4928b02/resourcegroups/rg-payments/providers/microsoft.keyvault/vaults/kv-contoso-prod-payments";

    static List<String> messagesOf(Map<String, JsonNode> results, String resourceId) {
        return results.values().stream().filter(r -> r.path("resourceId").asText().equals(resourceId))
                .map(r -> r.path("message").asText()).toList();
    }

    /** The demo tenant with a hostile vault name, key name and secret name in three of Azure's answers. */
    static Path hostileCopy(Path target) throws IOException {
        BigVaultTenant.copy(SAMPLE, target);
        Path vaults = target.resolve("subscriptions/" + SHARED_SUB + "/vaults.json");
        ObjectNode vaultList = (ObjectNode) JSON.readTree(vaults.toFile());
        ObjectNode evil = vaultList.withArray("value").get(0).deepCopy();
        String rg = evil.path("id").asText().replaceFirst("/vaults/[^/]+$", "");
        evil.put("id", rg + "/vaults/evilvault");
        evil.put("name", "../../../evilvault");
        ((ObjectNode) evil.path("properties")).put("vaultUri", "https://evilvault.vault.azure.net/");
        ((ObjectNode) evil.path("properties")).remove("privateEndpointConnections");
        vaultList.withArray("value").add(evil);
        JSON.writeValue(vaults.toFile(), vaultList);

        Path keys = target.resolve("vaults/kv-contoso-dev-app/keys.json");
        ObjectNode keyList = (ObjectNode) JSON.readTree(keys.toFile());
        ObjectNode evilKey = keyList.withArray("value").get(0).deepCopy();
        evilKey.put("id", evilKey.path("id").asText().replaceFirst("/keys/[^/]+$", "/keys/evilkey"));
        evilKey.put("name", "../../../../../evilkey");
        keyList.withArray("value").add(evilKey);
        JSON.writeValue(keys.toFile(), keyList);

        Path secrets = target.resolve("vaults/kv-contoso-prod-orders/secrets.json");
        ObjectNode secretList = (ObjectNode) JSON.readTree(secrets.toFile());
        ObjectNode evilSecret = secretList.withArray("value").addObject();
        evilSecret.put("id", ORDERS.replace("resourcegroups", "resourceGroups") + "/secrets/evil-secret");
        evilSecret.put("name", "../../evil-secret");
        evilSecret.putObject("properties").putObject("attributes").put("enabled", true);
        JSON.writeValue(secrets.toFile(), secretList);
        return target;
    }

    static Map<String, JsonNode> withoutKeys(Map<String, JsonNode> results) {
        Map<String, JsonNode> m = new TreeMap<>(results);
        m.values().removeIf(r -> r.path("resourceType").asText().equals("key"));
        return m;
    }

    /** Result for result; on a difference, names the first few that differ instead of printing both runs. */
    static void assertSameResults(Map<String, JsonNode> actual, Map<String, JsonNode> expected) {
        List<String> diffs = new ArrayList<>();
        for (String k : expected.keySet()) if (!actual.containsKey(k)) diffs.add("missing: " + k);
        for (String k : actual.keySet()) if (!expected.containsKey(k)) diffs.add("extra: " + k + " " + actual.get(k));
        for (String k : expected.keySet())
            if (actual.containsKey(k) && !actual.get(k).equals(expected.get(k)))
                diffs.add("differs: " + k + "\n   expected " + expected.get(k) + "\n   actual   " + actual.get(k));
        assertThat(diffs).as(diffs.size() + " differences, first: " + String.join("\n", diffs.subList(0, Math.min(8, diffs.size()))))
                .isEmpty();
    }

    /** Proves the non-negotiable over every request the scan sent: only list and policy reads, no secret value anywhere. */
    void assertNoSecretValueWasRequested(FakeAzure fake, Path outputs) throws IOException {
        List<String> allowed = List.of("subscriptions", "vaults", "roleAssignments", "roleDefinitions", "defenderPricings",
                "diagnosticSettings", "secrets (resource manager)", "keys (resource manager)", "secrets (data plane)",
                "keys (data plane)", "certificates", "certificatePolicy", "keyRotationPolicy");
        assertThat(fake.requests()).isNotEmpty();
        assertThat(fake.requests()).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(allowed).as(r.url()).contains(r.kind());
        });
        try (Stream<Path> files = Stream.concat(Files.walk(outputs), Files.walk(tmp.resolve("db")))) {
            for (Path f : files.filter(Files::isRegularFile).toList())
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(FakeAzure.CANARY);
        }
    }
}
