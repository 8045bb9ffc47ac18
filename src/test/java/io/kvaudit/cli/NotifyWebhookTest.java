package io.kvaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kvaudit scan --notify-webhook}: a real scan posting to a server on loopback (127.0.0.1, an ephemeral port;
 * no test traffic leaves the machine). The payload's shape and numbers against results.json, a 500 retried, repeated
 * failure given up with the scan's exit code unchanged, configuration through --config, and the webhook's key (a
 * canary in its path and query string) in no output, record or payload.
 */
class NotifyWebhookTest {

    static final String CANARY = "CANARY-wh-key-7f3e";
    static final ObjectMapper JSON = new ObjectMapper();

    Path tmp, snapshot;
    String db;
    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile int[] statuses = {200};

    @BeforeEach
    void setUp() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-notify");
        snapshot = TinyTenant.write(tmp.resolve("snap"));
        db = "jdbc:h2:file:" + tmp.resolve("db/kvaudit");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int n = calls.getAndIncrement();
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(statuses[Math.min(n, statuses.length - 1)], -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void cleanUp() {
        server.stop(0);
        TempDirs.delete(tmp);
    }

    String webhook() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhookb2/" + CANARY + "/IncomingWebhook?sig=" + CANARY + "&api-version=1";
    }

    String host() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    Cli.Run scan(String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("scan", "--snapshot", snapshot.toString(), "--as-of", "2026-11-20T06:00:00Z",
                "--out", tmp.resolve(out).toString(), "--db-url", db, "--format", "json,html"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    /** Everything kvaudit showed or kept: the run's outputs, its history, its reports. */
    void assertNoCanaryIn(Cli.Run... runs) throws IOException {
        for (Cli.Run r : runs) assertThat(r.out() + r.err()).doesNotContain(CANARY, "sig=");
        assertThat(Cli.run("history", "--db-url", db).out()).doesNotContain(CANARY, "sig=");
        for (String body : bodies) assertThat(body).doesNotContain(CANARY, "sig=", "webhookb2");
        try (var files = Files.walk(tmp)) {
            // all but the inputs: the snapshot and the configuration file that holds the webhook
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(tmp.resolve("snap")))
                    .filter(f -> !f.getFileName().toString().equals("kvaudit.yaml")).toList())
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(CANARY);
        }
    }

    @Test
    void theSummaryHasTheRunsCountsGateTrendAndReportsAndATextForTeamsAndSlack() throws IOException {
        Cli.Run first = scan("first", "--notify-webhook", webhook());
        assertThat(first.exit()).as(first.toString()).isEqualTo(3);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(first.out()).contains("notified  delivered to " + host() + " (HTTP 200, attempt 1 of 3)");
        JsonNode results = JSON.readTree(tmp.resolve("first/results.json").toFile());
        JsonNode p = JSON.readTree(bodies.get(0));

        assertThat(p.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(p.path("event").asText()).isEqualTo("scan.finished");
        assertThat(p.path("runId").asText()).isEqualTo(results.path("run").path("id").asText());
        assertThat(p.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(p.path("tenantId").asText()).isEqualTo(results.path("run").path("tenantId").asText());
        assertThat(p.path("source").asText()).isEqualTo("snapshot");
        assertThat(p.path("asOf").asText()).isEqualTo("2026-11-20T06:00:00Z");
        long fail = 0, pass = 0, errors = 0, muted = 0;
        for (JsonNode t : results.path("rules")) {
            fail += t.path("failed").asLong(); pass += t.path("passed").asLong();
            errors += t.path("errors").asLong(); muted += t.path("muted").asLong();
        }
        JsonNode counts = p.path("counts");
        assertThat(counts.path("fail").asLong()).isEqualTo(fail).isPositive();
        assertThat(counts.path("pass").asLong()).isEqualTo(pass);
        assertThat(counts.path("error").asLong()).isEqualTo(errors);
        assertThat(counts.path("muted").asLong()).isEqualTo(muted);
        long bySeverity = 0;
        for (JsonNode s : counts.path("bySeverity")) bySeverity += s.path("fail").asLong();
        assertThat(bySeverity).isEqualTo(fail);
        assertThat(counts.path("bySeverity").path("high").path("fail").asLong()).isPositive();   // kv-bad: soft delete off
        assertThat(p.path("gate").path("failOn").asText()).isEqualTo("high");
        assertThat(p.path("gate").path("exitCode").asInt()).isEqualTo(3);
        assertThat(p.path("gate").path("passed").asBoolean()).isFalse();
        assertThat(p.path("gate").path("explanation").asText()).contains("un-excepted FAIL");
        assertThat(p.path("trend").path("previousRunId").isNull()).isTrue();
        assertThat(p.path("trend").path("new").asInt()).isEqualTo(results.path("trend").path("new").asInt()).isPositive();
        assertThat(p.path("reports").path("outDir").asText()).isEqualTo(tmp.resolve("first").toString());
        assertThat(p.path("reports").path("files").toString()).contains("results.json", "report.html", "manifest.json");
        assertThat(p.path("reports").path("manifestSha256").asText()).hasSize(64);
        assertThat(p.path("error").isNull()).isTrue();
        assertThat(p.has("identity")).isFalse();
        String text = p.path("text").asText();
        assertThat(text).startsWith("kvaudit scan `" + p.path("runId").asText() + "` of tenant `")
                .contains("GATE FAILED, exit 3", "FAIL " + fail + " (high ", "First run on this tenant", "results.json")
                .doesNotContain("\n");

        Cli.Run second = scan("second", "--notify-webhook", webhook());
        assertThat(second.exit()).isEqualTo(3);
        JsonNode p2 = JSON.readTree(bodies.get(1));
        assertThat(p2.path("trend").path("previousRunId").asText()).isEqualTo(p.path("runId").asText());
        assertThat(p2.path("trend").path("new").asInt()).isZero();
        assertThat(p2.path("trend").path("fixed").asInt()).isZero();
        assertThat(p2.path("trend").path("stillOpen").asInt()).isEqualTo(p.path("trend").path("new").asInt());
        assertThat(p2.path("text").asText()).contains("Since run `" + p.path("runId").asText() + "`: 0 new, 0 fixed");
        assertThat(Cli.run("history", "--db-url", db).out()).contains("notification delivered to " + host());
        assertNoCanaryIn(first, second);
    }

    @Test
    void a500IsRetriedAndTheSecondAttemptDelivers() throws IOException {
        statuses = new int[]{500, 200};
        Cli.Run run = scan("retry", "--notify-webhook", webhook());
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertThat(calls.get()).isEqualTo(2);
        assertThat(bodies.get(1)).isEqualTo(bodies.get(0));
        assertThat(run.out()).contains("notified  delivered to " + host() + " (HTTP 200, attempt 2 of 3)");
        assertThat(run.err()).doesNotContain("warning");
        assertNoCanaryIn(run);
    }

    @Test
    void repeatedFailureIsAWarningAndTheExitCodeStaysTheScans() throws IOException {
        statuses = new int[]{500};
        Cli.Run run = scan("gives-up", "--notify-webhook", webhook(), "--quiet");
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(run.err()).contains("kvaudit: warning: notification failed: " + host() + ": HTTP 500 after 3 attempts");
        assertThat(run.out()).contains("manifest sha256:");
        Cli.Run passing = scan("gives-up-passing", "--notify-webhook", webhook(), "--fail-on", "none");
        assertThat(passing.exit()).as(passing.toString()).isEqualTo(0);
        assertThat(Cli.run("history", "--db-url", db).out()).contains("notification failed: " + host() + ": HTTP 500 after 3 attempts");
        assertNoCanaryIn(run, passing);
    }

    @Test
    void aFailedRunIsNotifiedToo() throws IOException {
        TinyTenant.put(snapshot, "subscriptions/" + TinyTenant.SUB + "/vaults.json", "{\"value\": [ {\"id\": ");
        Cli.Run run = scan("failed", "--notify-webhook", webhook());
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        JsonNode p = JSON.readTree(bodies.get(0));
        assertThat(p.path("status").asText()).isEqualTo("FAILED");
        assertThat(p.path("gate").path("exitCode").asInt()).isEqualTo(2);
        assertThat(p.path("error").asText()).contains("vaults.json");
        assertThat(p.path("trend").isNull()).isTrue();
        assertThat(p.path("text").asText()).contains("SCAN FAILED, exit 2");
        assertNoCanaryIn(run);
    }

    @Test
    void theWebhookMayComeFromTheConfigurationAndABadOneIsAUsageErrorThatDoesNotShowIt() throws IOException {
        Path config = tmp.resolve("kvaudit.yaml");
        Files.writeString(config, "kvaudit:\n  notify:\n    webhook: \"" + webhook() + "\"\n    attempts: 1\n");
        statuses = new int[]{503};
        Cli.Run run = scan("config", "--config", config.toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(run.err()).contains("notification failed: " + host() + ": HTTP 503 after 1 attempt ");

        String db2 = "jdbc:h2:file:" + tmp.resolve("db2/kvaudit");
        Cli.Run plainHttp = Cli.run("scan", "--snapshot", snapshot.toString(), "--out", tmp.resolve("bad").toString(), "--db-url", db2,
                "--notify-webhook", "http://hooks.example.com/services/" + CANARY + "?sig=" + CANARY);
        assertThat(plainHttp.exit()).isEqualTo(2);
        assertThat(plainHttp.err()).contains("--notify-webhook: expected https:// (http:// is accepted for a loopback address only")
                .contains("found http://hooks.example.com").doesNotContain(CANARY);
        Files.writeString(config, "kvaudit:\n  notify:\n    webhook: \"http://hooks.example.com/x/" + CANARY + "\"\n");
        Cli.Run badConfig = Cli.run("scan", "--snapshot", snapshot.toString(), "--out", tmp.resolve("bad").toString(), "--db-url", db2,
                "--config", config.toString());
        assertThat(badConfig.exit()).isEqualTo(2);
        assertThat(badConfig.err()).contains("kvaudit.notify.webhook: expected https://").doesNotContain(CANARY);
        Files.writeString(config, "kvaudit:\n  notify:\n    attempts: 11\n");
        Cli.Run badAttempts = Cli.run("rules", "list", "--config", config.toString(), "--db-url", db2);
        assertThat(badAttempts.exit()).isEqualTo(2);
        assertThat(badAttempts.err()).contains("kvaudit.notify.attempts: expected 1 to 10, found 11");
        assertThat(Cli.run("history", "--db-url", db2).out()).contains("No runs stored yet");
        assertNoCanaryIn(run, plainHttp, badConfig);
    }
}
