package io.kvaudit.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets one clear message naming the file, the place and what was expected, exits 2, runs nothing else and
 * leaves the database's earlier runs untouched (checked by re-rendering the first run byte for byte).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    Path tmp;
    Path snapshot;
    String db;
    String firstRunId;
    String firstResults;

    @BeforeAll
    void aGoodRunFirst() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-badinput");
        snapshot = TinyTenant.write(tmp.resolve("snap"));
        db = "jdbc:h2:file:" + tmp.resolve("db/kvaudit");
        Cli.Run run = Cli.run("scan", "--snapshot", snapshot.toString(), "--out", tmp.resolve("out1").toString(),
                "--as-of", "2026-11-20T06:00:00Z", "--db-url", db);
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        firstRunId = run.out().lines().findFirst().orElseThrow().replace("kvaudit scan ", "").strip();
        firstResults = Files.readString(tmp.resolve("out1/results.json"));
    }

    Cli.Run expectUsageError(String... args) {
        String[] withDb = Stream.concat(Stream.of(args), Stream.of("--db-url", db)).toArray(String[]::new);
        Cli.Run run = Cli.run(withDb);
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).as(run.toString()).startsWith("kvaudit: error: ").doesNotContain("\tat ");
        assertThat(run.out()).as("nothing else ran").isEmpty();
        return run;
    }

    Path brokenSnapshot(String name, String rel, String content) throws IOException {
        Path dir = TinyTenant.write(tmp.resolve(name));
        TinyTenant.put(dir, rel, content);
        return dir;
    }

    @AfterAll
    void cleanUp() {
        io.kvaudit.cli.TempDirs.delete(tmp);
    }

    @Test
    void unknownOptionAndBadValues() {
        assertThat(expectUsageError("scan", "--snapshot", snapshot.toString(), "--frobnicate").err()).contains("Unknown option: '--frobnicate'");
        assertThat(expectUsageError("scan", "--snapshot", snapshot.toString(), "--fail-on", "severe").err())
                .contains("--fail-on", "expected one of critical, high, medium, low, none, found 'severe'");
        assertThat(expectUsageError("scan", "--snapshot", snapshot.toString(), "--as-of", "last tuesday").err())
                .contains("--as-of", "expected an RFC 3339 time");
        assertThat(expectUsageError("scan", "--snapshot", snapshot.toString(), "--format", "docx").err())
                .contains("--format: unknown format 'docx'", "html, pdf, json, sarif, junit, csv");
    }

    @Test
    void snapshotDirectoryOrHeaderMissingOrOfAnotherVersion() throws IOException {
        assertThat(expectUsageError("scan", "--snapshot", tmp.resolve("nowhere").toString()).err())
                .contains("nowhere: snapshot directory not found");
        Path noHeader = TinyTenant.write(tmp.resolve("noheader"));
        Files.delete(noHeader.resolve("snapshot.json"));
        assertThat(expectUsageError("scan", "--snapshot", noHeader.toString()).err()).contains("snapshot.json: file not found");
        Path v2 = brokenSnapshot("v2", "snapshot.json", "{\"formatVersion\": 2, \"tenantId\": \"t\"}");
        assertThat(expectUsageError("scan", "--snapshot", v2.toString()).err())
                .contains("snapshot.json: at $.formatVersion: expected 1", "found 2");
    }

    @Test
    void aFileThatIsNotJsonOrOfTheWrongShape() throws IOException {
        Path notJson = brokenSnapshot("notjson", "vaults/kv-bad/secrets.json", "{\"value\": [\n  {\"id\": \"x\",,}\n]}");
        assertThat(expectUsageError("scan", "--snapshot", notJson.toString()).err())
                .contains("vaults/kv-bad/secrets.json: at line 2, column 14: not valid JSON");
        Path stringForObject = brokenSnapshot("shape1", "vaults/kv-bad/keys.json", "{\"value\": [\"kid-1\"]}");
        assertThat(expectUsageError("scan", "--snapshot", stringForObject.toString()).err())
                .contains("vaults/kv-bad/keys.json: at $.value[0]: expected an object, found a string");
        Path noValue = brokenSnapshot("shape2", "subscriptions/" + TinyTenant.SUB + "/roleAssignments.json", "{\"nextLink\": null}");
        assertThat(expectUsageError("scan", "--snapshot", noValue.toString()).err())
                .contains("roleAssignments.json: at $.value: expected an array, found nothing");
    }

    @Test
    void malformedRulesStopEverything() throws IOException {
        Path rules = tmp.resolve("rules-bad-cel/vault/vault-x");
        Files.createDirectories(rules);
        String rule = """
                id: vault-x
                title: t
                severity: high
                resource: vault
                condition: vault.enableSoftDelet == false
                message: m
                description: d
                risk: r
                remediation: az
                """;
        Files.writeString(rules.resolve("rule.yaml"), rule);
        assertThat(expectUsageError("scan", "--snapshot", snapshot.toString(), "--rules", tmp.resolve("rules-bad-cel").toString()).err())
                .contains("vault-x/rule.yaml:5:17: rule vault-x: condition: undefined field 'enableSoftDelet'");
        Files.writeString(rules.resolve("rule.yaml"), rule.replace("severity: high", "severity: [high"));
        assertThat(expectUsageError("rules", "validate", "--rules", tmp.resolve("rules-bad-cel").toString()).err())
                .containsPattern("vault-x/rule.yaml:\\d+:\\d+: not valid YAML");
        Files.writeString(rules.resolve("rule.yaml"), rule.replace("id: vault-x", "id: vault-y").replace("Delet ", "Delete "));
        assertThat(expectUsageError("scan", "--snapshot", snapshot.toString(), "--rules", tmp.resolve("rules-bad-cel").toString()).err())
                .contains("vault-x/rule.yaml:1:5: id: rule id \"vault-y\" does not match its folder \"vault-x\"");
    }

    @Test
    void anExceptionWithoutOwnerIsRejected() throws IOException {
        Path file = tmp.resolve("exceptions.yaml");
        Files.writeString(file, """
                exceptions:
                  - rule: vault-soft-delete-disabled
                    resource: %skv-bad
                    reason: Legacy vault, decommissioned in January
                    expires: 2027-01-31
                """.formatted(TinyTenant.RG));
        assertThat(expectUsageError("scan", "--snapshot", snapshot.toString(), "--exceptions", file.toString()).err())
                .contains("exceptions.yaml:2:5: exceptions[0].owner: required");
    }

    @Test
    void earlierRunsAreUntouched() throws IOException {
        unknownOptionAndBadValues();
        aFileThatIsNotJsonOrOfTheWrongShape();
        Cli.Run history = Cli.run("history", "--limit", "500", "--db-url", db);
        assertThat(history.out()).containsPattern(firstRunId + "\\s+COMPLETED");
        Cli.Run again = Cli.run("report", "--run", firstRunId, "--out", tmp.resolve("rerender").toString(), "--db-url", db);
        assertThat(again.exit()).as(again.toString()).isEqualTo(0);
        assertThat(Files.readString(tmp.resolve("rerender/results.json"))).isEqualTo(firstResults);
    }
}
