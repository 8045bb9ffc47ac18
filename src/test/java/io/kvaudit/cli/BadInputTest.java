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

    static final String OUTSIDE = "kvaudit-outside-content";

    /** What a scan of {@code snapshot} wrote, said and stored holds nothing from outside the snapshot. */
    void assertNothingFromOutside(Cli.Run run, Path out) throws IOException {
        assertThat(run.out() + run.err()).as(run.toString()).doesNotContainIgnoringCase(OUTSIDE).doesNotContain("root:x");
        if (Files.exists(out))
            try (Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(Files::isRegularFile).toList())
                    assertThat(Files.readString(f)).as(f.toString()).doesNotContainIgnoringCase(OUTSIDE);
            }
    }

    String outsideSecrets() {
        return "{\"value\":[{\"id\":\"https://x.vault.azure.net/secrets/" + OUTSIDE + "\",\"attributes\":{\"enabled\":true,\"created\":1790000000}}]}";
    }

    @Test
    void namesThatClimbOutOfTheSnapshotAreRefusedAndNothingOutsideIsRead() throws IOException {
        Path base = tmp.resolve("climb");
        // each snapshot is two folders below base, so that the name climbing out of it lands in base
        Path vault = TinyTenant.write(base.resolve("vault/snap"));
        TinyTenant.put(vault, "subscriptions/" + TinyTenant.SUB + "/vaults.json", "{\"value\":[" + TinyTenant.vault("../../../evil", true) + "]}");
        TinyTenant.put(base.resolve("vault"), "evil/secrets.json", outsideSecrets());
        Cli.Run run = expectUsageError("scan", "--snapshot", vault.toString(), "--out", base.resolve("out-vault").toString());
        assertThat(run.err()).contains("vaults.json: at $.value[0].name: expected a vault name (3-24 letters", "found \"../../../evil\"");
        assertNothingFromOutside(run, base.resolve("out-vault"));

        Path sub = TinyTenant.write(base.resolve("sub/snap"));
        TinyTenant.put(sub, "subscriptions.json", "{\"value\":[{\"subscriptionId\":\"../../../evilsub\",\"displayName\":\"evil\"}]}");
        TinyTenant.put(base.resolve("sub"), "evilsub/vaults.json", "{\"value\":[" + TinyTenant.vault("kv-" + OUTSIDE, true) + "]}");
        run = expectUsageError("scan", "--snapshot", sub.toString(), "--out", base.resolve("out-sub").toString());
        assertThat(run.err()).contains("subscriptions.json: at $.value[0].subscriptionId: expected a subscription id (a GUID");
        assertNothingFromOutside(run, base.resolve("out-sub"));

        Path key = TinyTenant.write(base.resolve("key/snap"));
        TinyTenant.put(key, "vaults/kv-good/keys.json", "{\"value\":[{\"id\":\"" + TinyTenant.RG + "kv-good/keys/k\",\"name\":\"../../../../../evilkey\","
                + "\"properties\":{\"kty\":\"RSA\",\"keySize\":2048,\"attributes\":{\"enabled\":true}}}]}");
        TinyTenant.put(base.resolve("key"), "evilkey/rotationpolicy.json", "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P90D\"},"
                + "\"action\":{\"type\":\"" + OUTSIDE + "\"}}]}");
        run = expectUsageError("scan", "--snapshot", key.toString(), "--out", base.resolve("out-key").toString());
        assertThat(run.err()).contains("vaults/kv-good/keys.json: at $.value[0].name: expected a key name (1-127 letters, digits and hyphens)");
        assertNothingFromOutside(run, base.resolve("out-key"));
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheSnapshotIsRefusedWithoutShowingWhatItLeadsTo() throws IOException {
        Path json = tmp.resolve("outside-secrets.json");
        Files.writeString(json, outsideSecrets());
        Path linked = TinyTenant.write(tmp.resolve("linked"));
        Files.createDirectories(linked.resolve("vaults/kv-good"));
        Files.createSymbolicLink(linked.resolve("vaults/kv-good/secrets.json"), json);
        Cli.Run run = expectUsageError("scan", "--snapshot", linked.toString(), "--out", tmp.resolve("out-linked").toString());
        assertThat(run.err()).contains("vaults/kv-good/secrets.json: is a symbolic link, or passes through one, that does not lead to a file inside the snapshot directory");
        assertNothingFromOutside(run, tmp.resolve("out-linked"));

        Path passwd = tmp.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\n");
        Path toPasswd = TinyTenant.write(tmp.resolve("linked-passwd"));
        Files.createDirectories(toPasswd.resolve("vaults/kv-bad"));
        Files.createSymbolicLink(toPasswd.resolve("vaults/kv-bad/keys.json"), passwd);
        run = expectUsageError("scan", "--snapshot", toPasswd.toString(), "--out", tmp.resolve("out-passwd").toString());
        assertThat(run.err()).contains("vaults/kv-bad/keys.json: is a symbolic link").doesNotContain("root");
        assertNothingFromOutside(run, tmp.resolve("out-passwd"));
    }

    @Test
    void anOutOfRangeNumberIsABadFileNotACrash() throws IOException {
        Path epoch = brokenSnapshot("epoch", "vaults/kv-good/secrets.json", "{\"value\":[{\"id\":\"https://kv-good.vault.azure.net/secrets/s\","
                + "\"attributes\":{\"created\":-9223372036854775808}}]}");
        assertThat(expectUsageError("scan", "--snapshot", epoch.toString()).err())
                .contains("vaults/kv-good/secrets.json: at $.value[0].attributes.created: expected Unix seconds from 0 (1970-01-01T00:00:00Z) "
                        + "to 253402300799 (9999-12-31T23:59:59Z), found -9223372036854775808");
        Path huge = brokenSnapshot("int", "subscriptions/" + TinyTenant.SUB + "/vaults.json", "{\"value\":["
                + TinyTenant.vault("kv-bad", false).replace("\"enableSoftDelete\":false", "\"softDeleteRetentionInDays\":1e300") + "]}");
        assertThat(expectUsageError("scan", "--snapshot", huge.toString()).err())
                .contains("vaults.json: at $.value[0].properties.softDeleteRetentionInDays: expected a whole number from -2147483648 to 2147483647, found 1.0E300");
        Path year = brokenSnapshot("year", "subscriptions/" + TinyTenant.SUB + "/roleAssignments.json", "{\"value\":[{\"id\":\"/ra/1\","
                + "\"properties\":{\"roleDefinitionId\":\"/rd/1\",\"scope\":\"/\",\"createdOn\":\"+999999999-12-31T23:59:59Z\"}}]}");
        assertThat(expectUsageError("scan", "--snapshot", year.toString()).err())
                .contains("roleAssignments.json: at $.value[0].properties.createdOn: expected an RFC 3339 time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
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
        anOutOfRangeNumberIsABadFileNotACrash();
        Cli.Run history = Cli.run("history", "--limit", "500", "--db-url", db);
        assertThat(history.out()).containsPattern(firstRunId + "\\s+COMPLETED");
        Cli.Run again = Cli.run("report", "--run", firstRunId, "--out", tmp.resolve("rerender").toString(), "--db-url", db);
        assertThat(again.exit()).as(again.toString()).isEqualTo(0);
        assertThat(Files.readString(tmp.resolve("rerender/results.json"))).isEqualTo(firstResults);
    }
}
