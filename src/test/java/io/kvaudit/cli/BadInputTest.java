package io.kvaudit.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.kvaudit.source.azure.FakeAzureAccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

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
        return expectUsageError(Cli.run(withDb));
    }

    /** Exit 2 with one line (and a pointer to --help after a bad option), no stack trace, nothing else run. */
    static Cli.Run expectUsageError(Cli.Run run) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).as(run.toString()).startsWith("kvaudit: error: ").doesNotContain("\tat ");
        assertThat(run.err().lines().count()).as(run.toString()).isLessThanOrEqualTo(2);
        assertThat(run.out()).as("nothing else ran").isEmpty();
        return run;
    }

    /** The first line of stderr (the error). */
    String error(String... args) {
        return expectUsageError(args).err().lines().findFirst().orElseThrow();
    }

    /** How many runs the history database holds: a rejected scan must add none, not even a FAILED one. */
    long runsRecorded() {
        Cli.Run history = Cli.run("history", "--limit", "1000", "--db-url", db);
        assertThat(history.exit()).as(history.toString()).isZero();
        return history.out().lines().filter(l -> l.matches("\\d{8}T\\d{6}Z-\\p{XDigit}+\\s.*")).count();
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
    void asOfOutsideTheYears1970To9999() {
        for (String t : new String[]{"1969-12-31T23:59:59Z", "1970-01-01T00:30:00+01:00", "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"})
            assertThat(error("scan", "--snapshot", snapshot.toString(), "--as-of", t))
                    .contains("--as-of", "expected a time in the years 1970 to 9999 (UTC), found '" + t + "'");
        assertThat(error("exceptions", "check", "--exceptions", tmp.resolve("any.yaml").toString(), "--as-of", "1900-01-01T00:00:00Z"))
                .contains("--as-of", "years 1970 to 9999");
    }

    @Test
    void aMissingConfigFileIsAnErrorNotIgnored() {
        long runs = runsRecorded();
        String missing = tmp.resolve("nonexist.yaml").toString();
        assertThat(error("scan", "--snapshot", snapshot.toString(), "--config", missing, "--out", tmp.resolve("out-nocfg").toString()))
                .isEqualTo("kvaudit: error: --config " + missing + ": configuration file not found");
        assertThat(error("rules", "list", "--config", "cfg_disable.yml"))
                .isEqualTo("kvaudit: error: --config cfg_disable.yml: configuration file not found");
        assertThat(error("history", "--config", tmp.toString()))
                .isEqualTo("kvaudit: error: --config " + tmp + ": is a directory, expected the configuration file");
        assertThat(error("verify", tmp.toString(), "--config", missing)).contains("--config " + missing + ": configuration file not found");
        assertThat(runsRecorded()).isEqualTo(runs);
        assertThat(tmp.resolve("out-nocfg")).doesNotExist();
    }

    @Test
    void unknownKeysOutOfRangeValuesAndMalformedYamlInTheConfigFile() throws IOException {
        long runs = runsRecorded();
        Path cfg = tmp.resolve("cfg.yaml");
        Files.writeString(cfg, "kvaudit:\n  rules:\n    disabel: [vault-soft-delete-disabled]\n");
        assertThat(error("rules", "list", "--config", cfg.toString()))
                .isEqualTo("kvaudit: error: " + cfg + ":3:5: unknown key kvaudit.rules.disabel (known: params, enable, disable)");
        Files.writeString(cfg, "kvaudit:\n  nosuchkey: true\n");
        assertThat(error("scan", "--snapshot", snapshot.toString(), "--config", cfg.toString()))
                .isEqualTo("kvaudit: error: " + cfg + ":2:3: unknown key kvaudit.nosuchkey (known: threads, rules, live, notify)");
        Files.writeString(cfg, "kvaudit:\n  threads: -5\n");
        assertThat(error("scan", "--snapshot", snapshot.toString(), "--config", cfg.toString()))
                .isEqualTo("kvaudit: error: " + cfg + ":2:12: kvaudit.threads: expected 0 (one per core) or more, found -5");
        Files.writeString(cfg, "kvaudit:\n  live:\n    max-in-flight: 0\n");
        assertThat(error("scan", "--snapshot", snapshot.toString(), "--config", cfg.toString()))
                .isEqualTo("kvaudit: error: " + cfg + ":3:20: kvaudit.live.max-in-flight: expected 1 or more, found 0");
        Files.writeString(cfg, "kvaudit:\n  rules:\n    disable: [vault-soft-delete-disabled\n  threads: 2\n");
        assertThat(error("scan", "--snapshot", snapshot.toString(), "--config", cfg.toString()))
                .isEqualTo("kvaudit: error: " + cfg + ":4:10: not valid YAML: expected ',' or ']', but got : (while parsing a flow sequence at 3:14)");
        Files.writeString(cfg, "kvaudit:\n  threads: 2\nmanagement:\n  endpoints: {}\n");
        assertThat(error("history", "--config", cfg.toString()))
                .isEqualTo("kvaudit: error: " + cfg + ":3:1: unknown key management (known: kvaudit, spring, logging)");
        assertThat(runsRecorded()).isEqualTo(runs);
    }

    @Test
    void environmentValuesMeetTheSameChecksInOneLine() {
        // system properties bind exactly as environment variables do (KVAUDIT_THREADS), and can be set in-process
        try {
            System.setProperty("kvaudit.threads", "-5");
            assertThat(error("rules", "list")).isEqualTo("kvaudit: error: cannot start: kvaudit.threads: expected 0 (one per core) or more, found -5");
            System.clearProperty("kvaudit.threads");
            System.setProperty("kvaudit.live.max-in-flight", "lots");
            assertThat(error("rules", "list")).isEqualTo("kvaudit: error: cannot start: kvaudit.live.max-in-flight: \"lots\" "
                    + "(\"kvaudit.live.max-in-flight\" from property source \"systemProperties\"): expected a whole number");
            System.clearProperty("kvaudit.live.max-in-flight");
            System.setProperty("kvaudit.live.auth", "password");
            assertThat(error("scan", "--snapshot", snapshot.toString()))
                    .startsWith("kvaudit: error: cannot start: kvaudit.live.auth: expected one of default, azure-cli,");
        } finally {
            System.clearProperty("kvaudit.threads");
            System.clearProperty("kvaudit.live.max-in-flight");
            System.clearProperty("kvaudit.live.auth");
        }
    }

    @Test
    void aBadOutIsRefusedBeforeTheScanRunsAndNothingIsRecorded() throws IOException {
        long runs = runsRecorded();
        Path file = Files.writeString(tmp.resolve("a-file.txt"), "not a directory");
        assertThat(error("scan", "--snapshot", snapshot.toString(), "--out", file.toString()))
                .isEqualTo("kvaudit: error: --out " + file + ": is a file, expected a directory");
        assertThat(error("scan", "--snapshot", snapshot.toString(), "--out", file.resolve("out").toString()))
                .isEqualTo("kvaudit: error: --out " + file.resolve("out") + ": " + file + " is a file, not a directory");
        // unwritable even for root (tests run as root in CI, where permission bits stop nothing)
        assertThat(error("scan", "--snapshot", snapshot.toString(), "--out", "/proc/kvaudit-out/reports"))
                .startsWith("kvaudit: error: --out /proc/kvaudit-out/reports: cannot create the directory: ");
        assertThat(error("report", "--run", firstRunId, "--out", file.toString()))
                .isEqualTo("kvaudit: error: --out " + file + ": is a file, expected a directory");
        assertThat(runsRecorded()).isEqualTo(runs);
    }

    @Test
    void anOutInsideTheSnapshotIsRefused() throws IOException {
        long runs = runsRecorded();
        assertThat(error("scan", "--snapshot", snapshot.toString(), "--out", snapshot.toString()))
                .isEqualTo("kvaudit: error: --out " + snapshot + ": is the --snapshot directory " + snapshot + "; write the reports elsewhere");
        Path inside = snapshot.resolve("reports");
        assertThat(error("scan", "--snapshot", snapshot.toString(), "--out", inside.toString()))
                .isEqualTo("kvaudit: error: --out " + inside + ": is inside the --snapshot directory " + snapshot + "; write the reports elsewhere");
        // the same place spelt another way: through "..", relative, through a symbolic link
        Path dotted = tmp.resolve("out1/../snap/./reports");
        assertThat(error("scan", "--snapshot", snapshot.toString(), "--out", dotted.toString())).contains("is inside the --snapshot directory");
        Path relative = Path.of("").toAbsolutePath().relativize(inside);
        assertThat(error("scan", "--snapshot", snapshot.toString(), "--out", relative.toString())).contains("is inside the --snapshot directory");
        Path link = Files.createSymbolicLink(tmp.resolve("snap-link"), snapshot);
        assertThat(error("scan", "--snapshot", link.toString(), "--out", inside.toString())).contains("is inside the --snapshot directory");
        assertThat(error("scan", "--snapshot", snapshot.toString(), "--out", link.resolve("deeper/reports").toString()))
                .contains("is inside the --snapshot directory");
        assertThat(inside).doesNotExist();
        assertThat(runsRecorded()).isEqualTo(runs);
    }

    @Test
    void anUnwritableOutWhenNotRoot() throws IOException {
        Path locked = Files.createDirectories(tmp.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(locked), "running as root, whom permission bits do not stop: "
                    + "the unwritable case is covered by /proc in aBadOutIsRefusedBeforeTheScanRunsAndNothingIsRecorded");
            assertThat(error("scan", "--snapshot", snapshot.toString(), "--out", locked.resolve("out").toString()))
                    .startsWith("kvaudit: error: --out " + locked.resolve("out") + ": cannot create the directory: permission denied");
            assertThat(error("scan", "--snapshot", snapshot.toString(), "--out", locked.toString()))
                    .isEqualTo("kvaudit: error: --out " + locked + ": directory is not writable");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void snapshotExportChecksItsOutBeforeSigningIn() throws IOException {
        // no fake Azure behind FakeAzureAccess: reaching Azure at all would fail with an internal error (exit 1)
        FakeAzureAccess.use(null, Duration.ofHours(1));
        Path full = Files.createDirectories(tmp.resolve("export-full"));
        Files.writeString(full.resolve("keep.txt"), "someone's file");
        Path file = Files.writeString(tmp.resolve("export-file.txt"), "x");
        List<Class<?>> fake = List.of(FakeAzureAccess.class);
        assertThat(expectUsageError(Cli.runWith(fake, "snapshot", "export", "--out", full.toString(), "--db-url", db)).err())
                .startsWith("kvaudit: error: --out " + full + ": must be a new or empty directory");
        assertThat(expectUsageError(Cli.runWith(fake, "snapshot", "export", "--out", file.toString(), "--db-url", db)).err())
                .startsWith("kvaudit: error: --out " + file + ": is a file, expected a directory");
        assertThat(expectUsageError(Cli.runWith(fake, "snapshot", "export", "--out", "/proc/kvaudit-snap", "--db-url", db)).err())
                .startsWith("kvaudit: error: --out /proc/kvaudit-snap: cannot create the directory");
    }

    @Test
    void inputFilesThatAreMissingOrDirectoriesNameTheOption() throws IOException {
        long runs = runsRecorded();
        String s = snapshot.toString();
        Path missing = tmp.resolve("missing.yaml"), dir = Files.createDirectories(tmp.resolve("a-dir"));
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        assertThat(error("scan", "--snapshot", s, "--exceptions", missing.toString()))
                .isEqualTo("kvaudit: error: --exceptions " + missing + ": exceptions file not found");
        assertThat(error("scan", "--snapshot", s, "--exceptions", dir.toString()))
                .isEqualTo("kvaudit: error: --exceptions " + dir + ": is a directory, expected the exceptions file");
        assertThat(error("scan", "--snapshot", s, "--baseline", missing.toString()))
                .isEqualTo("kvaudit: error: --baseline " + missing + ": baseline file not found");
        assertThat(error("scan", "--snapshot", s, "--baseline", dir.toString()))
                .isEqualTo("kvaudit: error: --baseline " + dir + ": is a directory, expected the baseline file");
        assertThat(error("scan", "--snapshot", s, "--rules", missing.toString()))
                .isEqualTo("kvaudit: error: --rules " + missing + ": rules directory not found");
        assertThat(error("scan", "--snapshot", s, "--rules", file.toString()))
                .isEqualTo("kvaudit: error: --rules " + file + ": is a file, expected the rules directory");
        assertThat(error("scan", "--snapshot", file.toString()))
                .isEqualTo("kvaudit: error: --snapshot " + file + ": is a file, expected the snapshot directory");
        assertThat(error("exceptions", "check", "--exceptions", dir.toString()))
                .isEqualTo("kvaudit: error: --exceptions " + dir + ": is a directory, expected the exceptions file");
        assertThat(error("rules", "validate", "--rules", file.toString()))
                .isEqualTo("kvaudit: error: --rules " + file + ": is a file, expected the rules directory");
        assertThat(error("rules", "docs", "--out", file.resolve("rules.md").toString()))
                .isEqualTo("kvaudit: error: --out " + file.resolve("rules.md") + ": " + file + " is a file, not a directory");
        assertThat(runsRecorded()).isEqualTo(runs);
    }

    @Test
    void anUnreadableInputFileWhenNotRoot() throws IOException {
        Path secret = Files.writeString(tmp.resolve("unreadable.yaml"), "exceptions: []\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("-w-------"));
        try {
            assumeFalse(Files.isReadable(secret), "running as root, whom permission bits do not stop");
            assertThat(error("scan", "--snapshot", snapshot.toString(), "--exceptions", secret.toString()))
                    .isEqualTo("kvaudit: error: --exceptions " + secret + ": exceptions file cannot be read (permission denied)");
            assertThat(error("rules", "list", "--config", secret.toString()))
                    .isEqualTo("kvaudit: error: --config " + secret + ": configuration file cannot be read (permission denied)");
        } finally {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
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
