package io.kvaudit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.KvauditApplication;
import io.kvaudit.source.azure.FakeAzure;
import io.kvaudit.source.azure.FakeAzureAccess;
import io.kvaudit.source.azure.FakeLogAnalytics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The live-path benchmark (bench/live.sh): a real {@code kvaudit scan} through the Azure SDK against the in-process
 * fake Azure serving a snapshot with a fixed latency per request. Prints the API calls (total and per vault), the
 * most requests in flight, the wall time of the collection, and the floor = calls x latency / in-flight limit.
 * Not a test: run by hand, figures go to docs/performance.md.
 *
 * <p>Usage: LiveBenchmark TENANT_DIR LATENCY_MS MAX_IN_FLIGHT WORK_DIR [extra kvaudit scan options...]
 */
public final class LiveBenchmark {

    private static final Set<String> VAULT_KINDS = Set.of("diagnosticSettings", "secrets (resource manager)",
            "keys (resource manager)", "secrets (data plane)", "keys (data plane)", "certificates");
    private static final Set<String> OBJECT_KINDS = Set.of("keyRotationPolicy", "certificatePolicy");

    public static void main(String[] args) throws Exception {
        Path tenant = Path.of(args[0]);
        int latencyMs = Integer.parseInt(args[1]);
        int inFlight = Integer.parseInt(args[2]);
        Path work = Path.of(args[3]);
        // every list paged at 25 items, the data plane's page size; the resource manager may send larger pages, so a
        // real tenant makes at most the list calls counted here
        FakeAzure fake = new FakeAzure(tenant).latency(Duration.ofMillis(latencyMs)).armPageSize(25);
        FakeAzureAccess.use(fake, Duration.ofHours(2));
        List<String> cli = new ArrayList<>(List.of("scan", "--as-of", "2026-11-20T06:00:00Z", "--out", work.resolve("out").toString(),
                "--format", "json", "--fail-on", "none", "--quiet", "--max-in-flight", String.valueOf(inFlight),
                "--db-url", "jdbc:h2:file:" + work.toAbsolutePath().resolve("db/kvaudit")));
        for (int i = 4; i < args.length; i++) cli.add(args[i]);
        long t0 = System.nanoTime();
        int exit = KvauditApplication.run(List.of(FakeAzureAccess.class), cli.toArray(String[]::new));
        double wall = (System.nanoTime() - t0) / 1e9;
        if (exit != 0) throw new IllegalStateException("scan exited " + exit);
        JsonNode results = withoutResults(work.resolve("out/results.json"));
        JsonNode collection = results.path("run").path("collection");
        JsonNode api = collection.path("api");
        long calls = api.path("calls").asLong(), attempts = api.path("attempts").asLong();
        long vaults = results.path("coverage").path("vaults").path("found").asLong();
        long vaultCalls = 0, objectCalls = 0;
        var kinds = api.path("callsByKind").fields();
        while (kinds.hasNext()) {
            var k = kinds.next();
            if (VAULT_KINDS.contains(k.getKey())) vaultCalls += k.getValue().asLong();
            if (OBJECT_KINDS.contains(k.getKey())) objectCalls += k.getValue().asLong();
        }
        long challenges = api.path("challenges").asLong();
        double collectSeconds = (collection.path("stageMillis").path("discover").asLong() + collection.path("stageMillis").path("inventory").asLong()) / 1000.0;
        double floor = attempts * (latencyMs / 1000.0) / inFlight;
        System.out.printf("vaults                  %d%n", vaults);
        System.out.printf("API calls               %d (requests on the wire %d: %d Key Vault challenges, %d retries)%n",
                calls, attempts, challenges, api.path("retries").asLong());
        System.out.printf("calls by kind           %s%n", api.path("callsByKind"));
        System.out.printf("calls per vault         %.2f list calls + %.2f challenge = %.2f; plus %.2f policy reads (one per key and certificate)%n",
                (double) vaultCalls / vaults, (double) challenges / vaults, (double) (vaultCalls + challenges) / vaults, (double) objectCalls / vaults);
        smallVaults(tenant, fake, vaults, api);
        System.out.printf("in flight               limit %d, most seen by kvaudit %d, by the fake %d%n", inFlight, api.path("maxInFlight").asInt(), fake.maxInFlight());
        System.out.printf("latency                 %d ms per request%n", latencyMs);
        System.out.printf("collection wall time    %.1f s (discover + inventory)%n", collectSeconds);
        System.out.printf("floor                   %.1f s = %d requests x %d ms / %d in flight%n", floor, attempts, latencyMs, inFlight);
        System.out.printf("collection / floor      %.2f%n", collectSeconds / floor);
        System.out.printf("whole scan wall time    %.1f s (with evaluate and report)%n", wall);
        System.out.printf("stages (ms)             %s%n", collection.path("stageMillis"));
        activity(fake, api, collection, latencyMs);
        System.exit(0);
    }

    /**
     * The access-log collection: queries per workspace and in all, the wall time of reading the logs (workspace GETs,
     * queries, reading the answers), and the floor the limits imply: 5 queries in flight at the given latency, or
     * Log Analytics' 200 queries per 30 s, whichever is higher, plus the workspace GETs.
     */
    private static void activity(FakeAzure fake, JsonNode api, JsonNode collection, int latencyMs) {
        List<FakeLogAnalytics.Query> queries = fake.queries();
        if (queries.isEmpty()) {
            System.out.printf("activity                not read (%s)%n", collection.path("stageMillis").has("activityLogs") ? "no workspace" : "stage skipped");
            return;
        }
        java.util.Map<String, Long> perWorkspace = new java.util.TreeMap<>();
        for (FakeLogAnalytics.Query q : queries) if (q.status() != 429) perWorkspace.merge(q.customerId(), 1L, Long::sum);
        long sent = perWorkspace.values().stream().mapToLong(Long::longValue).sum();
        long gets = api.path("callsByKind").path("workspace").asLong();
        long throttled = queries.stream().filter(q -> q.status() == 429).count();
        double seconds = collection.path("stageMillis").path("activityLogs").asLong() / 1000.0;
        double inFlightFloor = sent * (latencyMs / 1000.0) / 5, rateFloor = (Math.ceil(sent / 200.0) - 1) * 30;
        double floor = Math.max(inFlightFloor, rateFloor) + gets * (latencyMs / 1000.0) / 5;
        var stats = perWorkspace.values().stream().mapToLong(Long::longValue).summaryStatistics();
        System.out.printf("workspaces              %d (GETs %d)%n", perWorkspace.size(), gets);
        System.out.printf("queries                 %d sent (+%d answered 429), per workspace min %d, max %d, mean %.2f%n",
                sent, throttled, stats.getMin(), stats.getMax(), stats.getAverage());
        System.out.printf("queries in flight       most seen by the fake %d (limit 5)%n", fake.maxConcurrentQueries());
        System.out.printf("facts rows answered     %d%n", queries.stream().mapToLong(FakeLogAnalytics.Query::rows).sum());
        System.out.printf("activity logs wall time %.1f s (workspace GETs, queries, reading the answers)%n", seconds);
        System.out.printf("activity floor          %.1f s = max(%d queries x %d ms / 5 in flight, %.0f s of 200-per-30-s waits) + %d GETs x %d ms / 5%n",
                floor, sent, latencyMs, rateFloor, gets, latencyMs);
        System.out.printf("activity / floor        %.2f%n", seconds / floor);
    }

    /** results.json without its results array (hundreds of MB on this tenant): the run, coverage and rules. */
    private static JsonNode withoutResults(Path file) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode out = json.createObjectNode();
        try (var p = json.getFactory().createParser(file.toFile())) {
            p.setCodec(json);
            p.nextToken();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("results")) p.skipChildren();
                else out.set(field, p.readValueAsTree());
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern ARM_VAULT = java.util.regex.Pattern.compile("(?i)/providers/Microsoft\\.KeyVault/vaults/([^/?]+)");

    /**
     * The figure: calls per vault for vaults with at most 25 secrets, keys and certificates, from the fake's
     * request log (each request attributed to its vault by ARM path or Key Vault host; policy reads left out), and
     * the same with the subscription-level calls (vault lists, role assignments and definitions, pricings) shared out.
     */
    private static void smallVaults(Path tenant, FakeAzure fake, long vaults, JsonNode api) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        java.util.Map<String, Integer> calls = new java.util.HashMap<>();
        long subscriptionLevel = 0;
        for (FakeAzure.Request r : fake.requests()) {
            boolean challenge = !r.authorized() && r.status() == 401; // whichever read happened to go first
            if (OBJECT_KINDS.contains(r.kind()) && !challenge) continue;
            java.net.URI u = java.net.URI.create(r.url());
            java.util.regex.Matcher m = ARM_VAULT.matcher(u.getRawPath());
            String vault = m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT)
                    : u.getHost().equals("management.azure.com") ? null : u.getHost().substring(0, u.getHost().indexOf('.'));
            if (vault == null) subscriptionLevel++;
            else calls.merge(vault, 1, Integer::sum);
        }
        long small = 0, smallCalls = 0;
        try (var dirs = Files.list(tenant.resolve("vaults"))) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                if (!calls.containsKey(name)) continue; // not in the scanned subscriptions
                boolean fits = true;
                for (String kind : List.of("secrets", "keys", "certificates")) {
                    Path f = dir.resolve(kind + ".json");
                    if (Files.exists(f) && json.readTree(f.toFile()).path("value").size() > 25) fits = false;
                }
                if (!fits) continue;
                small++;
                smallCalls += calls.get(name);
            }
        }
        System.out.printf("vaults with <= 25 of each kind  %d: %.2f calls per vault (lists + challenge), %.2f with the %d subscription-level calls shared out over the %d vaults scanned%n",
                small, (double) smallCalls / small, (double) smallCalls / small + (double) subscriptionLevel / vaults, subscriptionLevel, vaults);
    }
}
