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
    static final String LISTED_IPS = SAMPLE.resolve("listed-ips.txt").toString();
    static final String SECURITY = "8af3c7c1-6b50-48a9-92b8-9423130ead00", SENTINEL = "6300b4ee-41a6-43ab-8dd4-aeb40cd1f687";
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
                "--db-url", db, "--format", "json", "--include-passed", "--quiet", "--listed-ips", LISTED_IPS);
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        snapshotResults = results(tmp.resolve("snapshot"));
    }

    /** A live scan of the fake Azure that {@link FakeAzureAccess#use} set last. */
    Cli.Run live(String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("scan", "--as-of", AS_OF, "--out", tmp.resolve(out).toString(),
                "--db-url", db, "--format", "json", "--include-passed", "--quiet", "--auth", "client-secret", "--listed-ips", LISTED_IPS));
        args.addAll(List.of(extra));
        return Cli.runWith(FAKE, args.toArray(String[]::new));
    }

    /** {@code snapshot export} of the fake Azure that {@link FakeAzureAccess#use} set last, for the tests' --as-of. */
    Cli.Run export(Path dir) {
        return Cli.runWith(FAKE, "snapshot", "export", "--out", dir.toString(), "--db-url", db, "--auth", "client-secret",
                "--as-of", AS_OF);
    }

    static JsonNode results(Path dir) throws IOException {
        return JSON.readTree(dir.resolve("results.json").toFile());
    }

    /**
     * Every result, rules' and detectors', keyed by rule, resource and principal, with everything a reader sees:
     * status, message, evidence, controls. Only the activity evidence's {@code logSource} is left out: it names the
     * files a snapshot scan read, or the KQL files a live scan (and its export) sent.
     */
    static Map<String, JsonNode> byKey(JsonNode results) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (JsonNode r : results.path("results")) {
            JsonNode copy = r.deepCopy();
            if (copy.path("evidence").isObject()) ((ObjectNode) copy.path("evidence")).remove("logSource");
            JsonNode principal = r.path("evidence").path("principal");
            String who = principal.isMissingNode() ? "" : " " + principal.path("objectId").asText(principal.toString());
            m.put(r.path("ruleId").asText() + " " + r.path("resourceId").asText() + who, copy);
        }
        return m;
    }

    /** results.json's coverage without what names the sources (files or KQL) and counts rows read from them. */
    static JsonNode comparableCoverage(JsonNode coverage) {
        JsonNode copy = coverage.deepCopy();
        JsonNode activity = copy.path("activity");
        if (activity.isObject()) ((ObjectNode) activity).remove(List.of("logSources", "rows"));
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
        assertThat(live.path("rules")).isEqualTo(snapshotResults.path("rules"));
        assertThat(comparableCoverage(live.path("coverage"))).isEqualTo(comparableCoverage(snapshotResults.path("coverage")));
        assertThat(byKey(live)).hasSizeGreaterThan(500);
        // the activity stage ran on what Log Analytics answered, and found the demo's planted hits as the snapshot did
        assertThat(live.path("coverage").path("activity").path("ran").asBoolean()).isTrue();
        assertThat(live.path("results").findValues("ruleId").stream().filter(r -> r.asText().startsWith("activity-")).count())
                .isGreaterThan(50);
        assertThat(live.path("coverage").path("activity").path("logSources").toString()).contains("kql/activity-facts.kql sha256:");

        JsonNode meta = live.path("run");
        assertThat(meta.path("source").asText()).isEqualTo("live");
        assertThat(meta.path("tenantId").asText()).isEqualTo(FakeCredential.TENANT);
        assertThat(meta.path("identity").asText()).isEqualTo(FakeCredential.OBJECT_ID);
        JsonNode api = meta.path("collection").path("api");
        assertThat(api.path("calls").asLong()).isPositive();
        assertThat(api.path("callsByKind").path("vaults").asLong()).as("vault lists, 2 per page: 6+3+3 vaults").isEqualTo(7);
        // Log Analytics: one GET per workspace, then 4 queries each (coverage, detection, baseline, dormancy), 5 at most at once
        assertThat(api.path("callsByKind").path("workspace").asLong()).isEqualTo(2);
        assertThat(api.path("callsByKind").path("logsQuery").asLong()).isEqualTo(8);
        assertThat(fake.queries()).hasSize(8).allMatch(q -> q.status() == 200);
        assertThat(fake.maxConcurrentQueries()).isBetween(1, 5);
        // the security workspace receives both tables (one vault is Dedicated): one union; the sentinel one only AZKVAuditLogs
        assertThat(fake.queries()).filteredOn(q -> q.customerId().equals(SECURITY))
                .hasSize(4).allMatch(q -> q.readAzureDiagnostics() && q.readAZKVAuditLogs());
        assertThat(fake.queries()).filteredOn(q -> q.customerId().equals(SENTINEL))
                .hasSize(4).allMatch(q -> !q.readAzureDiagnostics() && q.readAZKVAuditLogs());
        assertThat(fake.queries()).filteredOn(FakeLogAnalytics.Query::facts).extracting(q -> q.bucketSize().toHours())
                .containsExactlyInAnyOrder(1L, 24L, 24L, 1L, 24L, 24L);
        // Key Vault's 401 challenge: counted, and exactly once per vault host, shared by the keys and certificates clients
        List<FakeAzure.Request> challenges = fake.requests().stream().filter(r -> !r.authorized() && r.status() == 401).toList();
        assertThat(api.path("challenges").asLong()).isEqualTo(challenges.size());
        Set<String> dataPlaneHosts = fake.requests().stream().map(r -> java.net.URI.create(r.url()).getHost())
                .filter(h -> !h.equals("management.azure.com") && !h.equals(FakeLogAnalytics.HOST)).collect(Collectors.toSet());
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
        assertThat(credential.scopes).contains("https://management.azure.com/.default", "https://vault.azure.net/.default",
                "https://api.loganalytics.io/.default");
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
                "--db-url", db, "--format", "json", "--include-passed", "--quiet", "--subscription", "9c5d333e-4dad-4bf8-95a9-9a21585df52a",
                "--listed-ips", LISTED_IPS);
        // the data plane's key list carries no kty (Keys_List on the resource manager does), so compare the rest
        assertSameResults(withoutKeys(byKey(live)), withoutKeys(byKey(results(tmp.resolve("big-snap")))));
        assertNoSecretValueWasRequested(fake, tmp.resolve("big-live"));
    }

    @Test
    void anExportScansExactlyAsTheLiveTenantDid() throws IOException {
        FakeAzure fake = new FakeAzure(SAMPLE).armPageSize(3);
        FakeAzureAccess.use(fake, Duration.ofHours(1));
        Path export = tmp.resolve("export");
        Cli.Run exported = export(export);
        assertThat(exported.exit()).as(exported.toString()).isZero();
        assertThat(exported.out()).contains("exported tenant " + FakeCredential.TENANT).contains("12 vaults")
                .contains("audit logs of 2 workspaces to " + AS_OF);
        assertThat(JSON.readTree(export.resolve("snapshot.json").toFile()).path("formatVersion").asInt()).isEqualTo(1);
        // pages merged into one body; failed reads stored as Azure's error body
        assertThat(JSON.readTree(export.resolve("subscriptions.json").toFile()).path("value")).hasSize(3);
        assertThat(JSON.readTree(export.resolve("vaults/kv-contoso-prod-hr/secrets.json").toFile()).path("error").path("code").asText())
                .isEqualTo("Forbidden");
        assertThat(JSON.readTree(export.resolve("subscriptions/b4168700-27b3-4009-8a1c-531ba4928b02/roleAssignments.json").toFile()))
                .isEqualTo(JSON.readTree(SAMPLE.resolve("subscriptions/b4168700-27b3-4009-8a1c-531ba4928b02/roleAssignments.json").toFile()));

        // logs/: each answer as Log Analytics sent it, the workspaces' bodies, and what was asked for which window
        JsonNode queries = JSON.readTree(export.resolve("logs/queries.json").toFile());
        assertThat(queries.path("asOf").asText()).isEqualTo(AS_OF);
        assertThat(queries.path("queries")).hasSize(8);
        assertThat(queries.path("queries").findValuesAsText("file")).contains("logs/law-contoso-security.detection.json",
                "logs/law-contoso-sentinel.coverage.json", "logs/law-contoso-sentinel.dormancy.json");
        assertThat(JSON.readTree(export.resolve("logs/workspaces.json").toFile()).path("value").findValuesAsText("customerId"))
                .containsExactly(SECURITY, SENTINEL);
        JsonNode detection = JSON.readTree(export.resolve("logs/law-contoso-security.detection.json").toFile());
        assertThat(detection.path("tables").path(0).path("columns").findValuesAsText("name")).startsWith("Bucket", "VaultId");

        Cli.Run scan = Cli.run("scan", "--snapshot", export.toString(), "--as-of", AS_OF, "--out", tmp.resolve("export-scan").toString(),
                "--db-url", db, "--format", "json", "--include-passed", "--quiet", "--listed-ips", LISTED_IPS);
        assertThat(scan.exit()).as(scan.toString()).isEqualTo(3);
        JsonNode exportScan = results(tmp.resolve("export-scan"));
        assertSameResults(byKey(exportScan), byKey(snapshotResults));
        // and a live scan of the same tenant gives exactly the export's results, the sources named alike
        FakeAzureAccess.use(new FakeAzure(SAMPLE), Duration.ofHours(1));
        assertThat(live("live-for-export").exit()).isEqualTo(3);
        JsonNode live = results(tmp.resolve("live-for-export"));
        assertThat(exportScan.path("results")).isEqualTo(live.path("results"));
        assertThat(exportScan.path("coverage").path("activity")).isEqualTo(live.path("coverage").path("activity"));
        assertNoSecretValueWasRequested(fake, export);

        // facts folded for one window cannot serve another: the stage is skipped, saying why
        Cli.Run other = Cli.run("scan", "--snapshot", export.toString(), "--as-of", "2026-11-21T06:00:00Z", "--out",
                tmp.resolve("export-other-window").toString(), "--db-url", db, "--format", "json", "--quiet");
        assertThat(other.exit()).as(other.toString()).isIn(0, 3);
        assertThat(results(tmp.resolve("export-other-window")).path("coverage").path("activity").path("skipped").asText())
                .contains("folded for the window ending " + AS_OF).contains("--as-of " + AS_OF);

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
        // (the audit-log gap compares vaults' arrivals, so its counts of other vaults may change: left out)
        stormResults.forEach((k, v) -> { if (!v.path("resourceId").asText().startsWith(payments) && !k.startsWith("activity-audit-log-gap")) others.put(k, v); });
        clean.forEach((k, v) -> { if (!v.path("resourceId").asText().startsWith(payments) && !k.startsWith("activity-audit-log-gap")) cleanOthers.put(k, v); });
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

    /** Log Analytics throttles: every third query answers 429 with Retry-After; every query is retried and the run is whole. */
    @Test
    void throttledQueriesAreRetriedHonouringRetryAfter() throws IOException {
        FakeAzure fake = new FakeAzure(SAMPLE).throttleQueries(3, 1);
        FakeAzureAccess.use(fake, Duration.ofHours(1));
        Cli.Run run = live("logs-throttled");
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        JsonNode r = results(tmp.resolve("logs-throttled"));
        assertThat(fake.queries()).anyMatch(q -> q.status() == 429);
        assertThat(fake.queries().stream().filter(q -> q.status() == 200).count()).isEqualTo(8);
        assertThat(r.path("run").path("collection").path("api").path("throttled").asLong()).isPositive();
        assertSameResults(byKey(r), byKey(snapshotResults));
    }

    /**
     * A partial answer (200 with an error beside the tables) from the workspace holding kv-contoso-prod-orders' logs:
     * used, never hidden. The vault's coverage says so, a detector that found nothing on it reports ERROR (never a
     * pass), what it found still fails, and every other vault is judged as before.
     */
    @Test
    void aPartialAnswerIsUsedAndReportedAsIncompleteCoverage() throws IOException {
        FakeAzure fake = new FakeAzure(SAMPLE).partialQueryError("law-contoso-sentinel");
        FakeAzureAccess.use(fake, Duration.ofHours(1));
        Cli.Run run = live("logs-partial");
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        JsonNode r = results(tmp.resolve("logs-partial"));
        JsonNode orders = vaultCoverage(r, ORDERS);
        assertThat(orders.path("incomplete").asText()).contains("workspace law-contoso-sentinel", "answer is partial",
                "PartialError", "E_SHARD_UNAVAILABLE");
        assertThat(fake.queries()).as("a partial answer not about size is not split").hasSize(8);
        assertThat(vaultCoverage(r, PAYMENTS).has("incomplete")).isFalse();
        Map<String, JsonNode> partial = byKey(r), clean = byKey(snapshotResults);
        List<JsonNode> onOrders = partial.values().stream().filter(x -> x.path("ruleId").asText().startsWith("activity-")
                && x.path("resourceId").asText().startsWith(ORDERS)).toList();
        assertThat(onOrders).isNotEmpty().noneMatch(x -> x.path("status").asText().equals("PASS"));
        assertThat(onOrders).anyMatch(x -> x.path("status").asText().equals("ERROR")
                && x.path("message").asText().startsWith("not fully assessed: the logs were read only in part"));
        assertThat(onOrders).anyMatch(x -> x.path("status").asText().equals("FAIL"));
        assertSameResults(outside(partial, ORDERS), outside(clean, ORDERS));
    }

    /**
     * The identity may not read one workspace (403 on its GET and its queries): that workspace's vault is not assessed
     * for activity, with Azure's reason; the run completes and every other vault is judged as before.
     */
    @Test
    void aWorkspaceAnswering403LeavesItsVaultsNotAssessedForActivityAndTheRunWhole() throws IOException {
        FakeAzure fake = new FakeAzure(SAMPLE).forbidWorkspace("law-contoso-sentinel");
        FakeAzureAccess.use(fake, Duration.ofHours(1));
        Cli.Run run = live("logs-forbidden");
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        JsonNode r = results(tmp.resolve("logs-forbidden"));
        assertThat(vaultCoverage(r, ORDERS).path("notAssessable").asText()).contains("law-contoso-sentinel", "AuthorizationFailed");
        assertThat(fake.queries()).noneMatch(q -> q.customerId().equals(SENTINEL));
        assertThat(fake.queries()).filteredOn(q -> q.customerId().equals(SECURITY)).hasSize(4);
        Map<String, JsonNode> forbidden = byKey(r), clean = byKey(snapshotResults);
        assertThat(forbidden.values()).noneMatch(x -> x.path("ruleId").asText().startsWith("activity-")
                && x.path("resourceId").asText().startsWith(ORDERS));
        // the audit-log gap compares vaults' arrivals: one fewer vault's arrive, and kv-contoso-prod-hr's gap says so
        String hrGap = "activity-audit-log-gap " + HR;
        assertThat(forbidden.get(hrGap).path("status").asText()).isEqualTo("FAIL");
        assertThat(forbidden.get(hrGap).path("evidence").path("otherVaultsArriving").asInt())
                .isEqualTo(clean.get(hrGap).path("evidence").path("otherVaultsArriving").asInt() - 1);
        Map<String, JsonNode> others = outside(forbidden, ORDERS), cleanOthers = outside(clean, ORDERS);
        others.remove(hrGap);
        cleanOthers.remove(hrGap);
        assertSameResults(others, cleanOthers);
    }

    /**
     * Answers cut at Log Analytics' row cap (here 120 rows, to make the demo tenant big; its busiest bucket holds
     * fewer): each is split by time at a bucket
     * boundary and asked again until every part is whole, and the results are those of the unsplit reading.
     */
    @Test
    void anAnswerCutAtTheRowCapIsSplitByTimeAndAskedAgain() throws IOException {
        FakeAzure fake = new FakeAzure(SAMPLE).maxQueryRows(120);
        FakeAzureAccess.use(fake, Duration.ofHours(1));
        Path export = tmp.resolve("split-export");
        Cli.Run exported = export(export);
        assertThat(exported.exit()).as(exported.toString()).isZero();
        assertThat(fake.queries().size()).isGreaterThan(16);
        assertThat(fake.queries()).anyMatch(FakeLogAnalytics.Query::partial);
        JsonNode queries = JSON.readTree(export.resolve("logs/queries.json").toFile());
        assertThat(queries.path("queries").findValuesAsText("query")).anyMatch(q -> q.startsWith("baseline facts, "));
        Cli.Run scan = Cli.run("scan", "--snapshot", export.toString(), "--as-of", AS_OF, "--out", tmp.resolve("split-scan").toString(),
                "--db-url", db, "--format", "json", "--include-passed", "--quiet", "--listed-ips", LISTED_IPS);
        assertThat(scan.exit()).as(scan.toString()).isEqualTo(3);
        JsonNode r = results(tmp.resolve("split-scan"));
        assertSameResults(byKey(r), byKey(snapshotResults));
        assertThat(comparableCoverage(r.path("coverage"))).isEqualTo(comparableCoverage(snapshotResults.path("coverage")));
    }

    static JsonNode vaultCoverage(JsonNode results, String vaultId) {
        for (JsonNode v : results.path("coverage").path("activity").path("vaults"))
            if (v.path("vaultId").asText().equals(vaultId)) return v;
        throw new AssertionError("no coverage of " + vaultId);
    }

    /** The results about other vaults than this one (and the vault-level ones of detectors comparing vaults). */
    static Map<String, JsonNode> outside(Map<String, JsonNode> results, String vaultId) {
        Map<String, JsonNode> m = new TreeMap<>(results);
        m.values().removeIf(r -> r.path("resourceId").asText().startsWith(vaultId));
        return m;
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
        Cli.Run exported = export(export);
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
                "--db-url", db, "--format", "json", "--include-passed", "--quiet", "--listed-ips", LISTED_IPS);
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
        // no rule judged a secret of the list that failed (activity detectors may name one the logs saw)
        assertThat(live.keySet()).noneMatch(k -> k.contains(PAYMENTS + "/secrets/") && !k.startsWith("activity-"));
    }

    static final String SHARED_SUB = "b9e7436f-f203-451c-b4a5-912cc553f6bc";
    static final String DEV_APP = "/subscriptions/9c5d333e-4dad-4bf8-95a9-9a21585df52a/resourcegroups/rg-dev-app/providers/microsoft.keyvault/vaults/kv-contoso-dev-app";
    static final String ORDERS = "/subscriptions/b4168700-27b3-4009-8a1c-531ba4928b02/resourcegroups/rg-orders/providers/microsoft.keyvault/vaults/kv-contoso-prod-orders";
    static final String HR = "/subscriptions/b4168700-27b3-4009-8a1c-531ba4928b02/resourcegroups/rg-hr/providers/microsoft.keyvault/vaults/kv-contoso-prod-hr";
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
                "keys (data plane)", "certificates", "certificatePolicy", "keyRotationPolicy", "workspace", "logsQuery");
        assertThat(fake.requests()).isNotEmpty();
        assertThat(fake.requests()).allSatisfy(r -> {
            // a Log Analytics query is a POST that reads; nothing else may be anything but a GET
            assertThat(r.method()).isEqualTo(r.kind().equals("logsQuery") ? "POST" : "GET");
            assertThat(allowed).as(r.url()).contains(r.kind());
        });
        try (Stream<Path> files = Stream.concat(Files.walk(outputs), Files.walk(tmp.resolve("db")))) {
            for (Path f : files.filter(Files::isRegularFile).toList())
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(FakeAzure.CANARY);
        }
    }
}
