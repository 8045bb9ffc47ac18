package io.kvaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands around a scan: per-run configuration, exceptions check, listing passes, history. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandsTest {

    Path tmp, snapshot;
    String db;

    @BeforeAll
    void setUp() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-commands");
        snapshot = TinyTenant.write(tmp.resolve("snap"));
        db = "jdbc:h2:file:" + tmp.resolve("db/kvaudit");
    }

    @AfterAll
    void cleanUp() {
        TempDirs.delete(tmp);
    }

    @Test
    void aConfigFileSwitchesRulesAndOverridesParams() throws IOException {
        Path config = tmp.resolve("kvaudit.yaml");
        Files.writeString(config, """
                kvaudit:
                  rules:
                    params:
                      secret-not-rotated: {maxAgeDays: 90}
                    enable: [key-not-hsm-backed]
                    disable: [vault-required-tags-missing]
                """);
        Cli.Run list = Cli.run("rules", "list", "--config", config.toString(), "--db-url", db);
        assertThat(list.exit()).as(list.toString()).isEqualTo(0);
        assertThat(list.out()).containsPattern("key-not-hsm-backed\\s+low\\s+key\\s+on")
                .containsPattern("vault-required-tags-missing\\s+low\\s+vault\\s+off");
        Cli.Run show = Cli.run("rules", "show", "secret-not-rotated", "--config", config.toString(), "--db-url", db);
        assertThat(show.out()).contains("`maxAgeDays` = 90");
        Files.writeString(config, "kvaudit:\n  rules:\n    params:\n      secret-not-rotated: {maxAgeDays: ninety}\n");
        Cli.Run bad = Cli.run("rules", "list", "--config", config.toString(), "--db-url", db);
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("kvaudit.rules.params.secret-not-rotated.maxAgeDays: expected int");
    }

    @Test
    void aConfigFileOfAnyNameIsReadInEveryFormSpringAccepts() throws IOException {
        // not .yaml: read as YAML all the same, as the check before Spring read it; dotted and relaxed keys bind
        Path config = tmp.resolve("kvaudit.conf");
        Files.writeString(config, """
                kvaudit.rules.disable: [vault-required-tags-missing]
                kvaudit:
                  Rules:
                    enable: key-not-hsm-backed
                  live:
                    maxInFlight: 8
                    max_retries: 2
                """);
        Cli.Run list = Cli.run("rules", "list", "--config", config.toString(), "--db-url", db);
        assertThat(list.exit()).as(list.toString()).isEqualTo(0);
        assertThat(list.out()).containsPattern("key-not-hsm-backed\\s+low\\s+key\\s+on")
                .containsPattern("vault-required-tags-missing\\s+low\\s+vault\\s+off");
    }

    @Test
    void asOfAtBothEndsOfTheAcceptedYears() {
        for (String asOf : new String[]{"1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}) {
            Cli.Run scan = Cli.run("scan", "--snapshot", snapshot.toString(), "--as-of", asOf, "--format", "json",
                    "--out", tmp.resolve("out-" + asOf.substring(0, 4)).toString(), "--db-url", db);
            assertThat(scan.exit()).as(scan.toString()).isEqualTo(3);
        }
    }

    @Test
    void exceptionsCheckListsExpiredExpiringAndUnusedEntries() throws IOException {
        Cli.Run scan = Cli.run("scan", "--snapshot", snapshot.toString(), "--as-of", "2026-11-20T06:00:00Z",
                "--out", tmp.resolve("out-exc").toString(), "--db-url", db);
        assertThat(scan.exit()).isEqualTo(3);
        Path file = tmp.resolve("exceptions.yaml");
        Files.writeString(file, """
                exceptions:
                  - rule: vault-soft-delete-disabled
                    resource: %skv-bad
                    reason: Decommissioned in December
                    owner: platform@contoso.com
                    expires: 2026-12-01
                  - rule: vault-soft-delete-disabled
                    resource: %skv-good
                    reason: Was failing once
                    owner: platform@contoso.com
                    expires: 2026-10-01
                """.formatted(TinyTenant.RG, TinyTenant.RG));
        Cli.Run check = Cli.run("exceptions", "check", "--exceptions", file.toString(), "--as-of", "2026-11-20T06:00:00Z", "--db-url", db);
        assertThat(check.exit()).as(check.toString()).isEqualTo(0);
        assertThat(check.out()).contains("2 entries, valid")
                .containsPattern("EXPIRING\\s+2026-12-01 vault-soft-delete-disabled .*kv-bad")
                .containsPattern("EXPIRED\\s+2026-10-01 vault-soft-delete-disabled .*kv-good")
                .containsPattern("UNUSED\\s+vault-soft-delete-disabled .*kv-good matched no open result");
        Cli.Run strict = Cli.run("exceptions", "check", "--exceptions", file.toString(), "--strict", "--as-of", "2026-11-20T06:00:00Z", "--db-url", db);
        assertThat(strict.exit()).isEqualTo(3);
    }

    @Test
    void includePassedListsEveryPassResult() throws IOException {
        Cli.Run scan = Cli.run("scan", "--snapshot", snapshot.toString(), "--as-of", "2026-11-20T06:00:00Z", "--include-passed",
                "--out", tmp.resolve("out-pass").toString(), "--db-url", db, "--fail-on", "none");
        assertThat(scan.exit()).as(scan.toString()).isEqualTo(0);
        JsonNode r = new ObjectMapper().readTree(tmp.resolve("out-pass/results.json").toFile());
        long passed = 0, listedPasses = 0;
        for (JsonNode t : r.path("rules")) passed += t.path("passed").asLong();
        for (JsonNode x : r.path("results")) if (x.path("status").asText().equals("PASS")) {
            listedPasses++;
            assertThat(x.path("subscriptionId").asText()).isEqualTo(TinyTenant.SUB);
        }
        assertThat(passed).isPositive();
        assertThat(listedPasses).isEqualTo(passed);
        assertThat(Cli.run("history", "--db-url", db).out()).contains(r.path("run").path("id").asText());
    }
}
