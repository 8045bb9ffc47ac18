package io.kvaudit.waiver;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.model.Result;
import io.kvaudit.model.Severity;
import io.kvaudit.model.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exception files: required fields, matching by resource or scope, expiry, unused entries. */
class ExceptionsTest {

    static final String SUB = "3f1a2b4c-0000-4000-8000-000000000001";
    static final String VAULT = "/subscriptions/" + SUB + "/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv1";
    static final Set<String> RULES = Set.of("secret-expiry-missing", "vault-firewall-open", "activity-sensitive-operation");

    @TempDir
    Path dir;

    Path file(String yaml) throws IOException {
        Path f = dir.resolve("exceptions.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    static Result fail(String rule, String resource) {
        return new Result(rule, Status.FAIL, Severity.MEDIUM, resource, "secret", "s1", "kv1", "m", Map.of(), List.of(), "fp", null);
    }

    @Test
    void anUnexpiredMatchMutesAndAnExpiredOneDoesNot() throws IOException {
        List<ExceptionEntry> entries = ExceptionsFile.read(file("""
                exceptions:
                  - rule: secret-expiry-missing
                    resource: %s/secrets/LEGACY
                    reason: Legacy integration, replaced in Q1
                    owner: payments@contoso.com
                    expires: 2027-03-31
                  - rule: vault-firewall-open
                    scope: %s
                    reason: Migrating to private endpoints
                    owner: platform@contoso.com
                    expires: 2026-10-01
                  - rule: secret-expiry-missing
                    scope: /subscriptions/00000000-0000-4000-8000-0000000000ff
                    reason: Nothing matches this
                    owner: nobody@contoso.com
                    expires: 2027-01-01
                """.formatted(VAULT, VAULT)), RULES);
        ExceptionMatcher m = new ExceptionMatcher(entries, LocalDate.parse("2026-11-20"));
        Result muted = m.apply(fail("secret-expiry-missing", VAULT + "/secrets/legacy"));
        assertThat(muted.status()).isEqualTo(Status.MUTED);
        assertThat(muted.exception().owner()).isEqualTo("payments@contoso.com");
        assertThat(m.apply(fail("secret-expiry-missing", VAULT + "/secrets/other")).status()).isEqualTo(Status.FAIL);
        assertThat(m.apply(fail("vault-firewall-open", VAULT)).status()).as("expired").isEqualTo(Status.FAIL);
        assertThat(m.uses()).extracting(ExceptionMatcher.Use::matched).containsExactly(1, 1, 0);
        assertThat(m.uses()).extracting(ExceptionMatcher.Use::expired).containsExactly(false, true, false);
    }

    @Test
    void anEntryIsValidUntilTheEndOfItsExpiryDay() {
        ExceptionEntry e = new ExceptionEntry("r", "x", null, "why", "who", LocalDate.parse("2026-11-20"), "f:1");
        assertThat(e.expiredOn(LocalDate.parse("2026-11-20"))).isFalse();
        assertThat(e.expiredOn(LocalDate.parse("2026-11-21"))).isTrue();
    }

    @Test
    void missingReasonOwnerOrExpiryIsAConfigurationErrorWithItsLine() throws IOException {
        String entry = """
                exceptions:
                  - rule: secret-expiry-missing
                    resource: /subscriptions/3f1a2b4c-0000-4000-8000-000000000001/x
                    reason: because
                    owner: me@contoso.com
                    expires: 2027-01-01
                """;
        assertThatThrownBy(() -> ExceptionsFile.read(file(entry.replace("    reason: because\n", "")), RULES))
                .isInstanceOf(ConfigurationException.class).hasMessageMatching(".*exceptions.yaml:\\d+:\\d+: exceptions\\[0\\]\\.reason: required.*");
        assertThatThrownBy(() -> ExceptionsFile.read(file(entry.replace("    owner: me@contoso.com\n", "")), RULES))
                .hasMessageContaining("exceptions[0].owner: required");
        assertThatThrownBy(() -> ExceptionsFile.read(file(entry.replace("    expires: 2027-01-01\n", "")), RULES))
                .hasMessageContaining("exceptions[0].expires: required");
        assertThatThrownBy(() -> ExceptionsFile.read(file(entry.replace("2027-01-01", "next year")), RULES))
                .hasMessageContaining("expected a date YYYY-MM-DD, found \"next year\"");
        assertThatThrownBy(() -> ExceptionsFile.read(file(entry.replace("secret-expiry-missing", "secret-expiry-mising")), RULES))
                .hasMessageContaining("unknown rule id \"secret-expiry-mising\"");
        assertThatThrownBy(() -> ExceptionsFile.read(file(entry.replace("    resource: /subscriptions/3f1a2b4c-0000-4000-8000-000000000001/x\n", "")), RULES))
                .hasMessageContaining("expected exactly one of 'resource'");
    }

    @Test
    void aScopeWiderThanAManagementGroupSubscriptionGroupOrVaultIsRejectedWithItsLine() throws IOException {
        String entry = """
                exceptions:
                  - rule: vault-firewall-open
                    scope: %s
                    reason: because
                    owner: me@contoso.com
                    expires: 2027-01-01
                """;
        for (String tooWide : List.of("\"\"", "/", "/subscriptions", "/subscriptions/", "'*'", "/subscriptions/*",
                "/subscriptions/s1", "/providers/Microsoft.Management/managementGroups", VAULT + "/secrets/s",
                "/subscriptions/" + SUB + "/resourceGroups/../x", "/subscriptions/" + SUB + "/resourcegroups/rg/providers")) {
            assertThatThrownBy(() -> ExceptionsFile.read(file(entry.formatted(tooWide)), RULES)).as(tooWide)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("exceptions.yaml:3:12: exceptions[0].scope: expected a management group");
        }
        for (String ok : List.of("/providers/Microsoft.Management/managementGroups/mg-prod", "/subscriptions/" + SUB,
                "/subscriptions/" + SUB.toUpperCase() + "/", "/subscriptions/" + SUB + "/resourceGroups/rg-app.v2(eu)", VAULT)) {
            assertThat(ExceptionsFile.read(file(entry.formatted(ok)), RULES)).as(ok).hasSize(1);
        }
    }

    @Test
    void aResourceMustBeOneResourceIdNotAPatternOrAPrefix() throws IOException {
        String entry = """
                exceptions:
                  - rule: secret-expiry-missing
                    resource: %s
                    reason: because
                    owner: me@contoso.com
                    expires: 2027-01-01
                """;
        for (String bad : List.of("\"\"", "/", "/subscriptions", "kv1", VAULT + "/secrets/*", VAULT + "/../x", VAULT + "//x",
                "/subscriptions/s1/x", "'" + VAULT + "/secrets/a b'")) {
            assertThatThrownBy(() -> ExceptionsFile.read(file(entry.formatted(bad)), RULES)).as(bad)
                    .hasMessageContaining("exceptions.yaml:3:15: exceptions[0].resource: expected one resource id");
        }
        assertThat(ExceptionsFile.read(file(entry.formatted(VAULT + "/secrets/Legacy-Key")), RULES)).hasSize(1);
        assertThat(ExceptionsFile.read(file(entry.formatted("/subscriptions/" + SUB)), RULES)).hasSize(1);
    }

    @Test
    void anActivityExceptionMayNameOnePrincipalAndMutesOnlyItsFindings() throws IOException {
        List<ExceptionEntry> entries = ExceptionsFile.read(file("""
                exceptions:
                  - rule: activity-sensitive-operation
                    scope: %s
                    principal: 0000000B-0000-4000-8000-00000000000B
                    reason: The nightly backup job (CHG-1200)
                    owner: platform@contoso.com
                    expires: 2027-03-31
                """.formatted(VAULT)), RULES);
        ExceptionMatcher m = new ExceptionMatcher(entries, LocalDate.parse("2026-11-20"));
        Result backupJob = new Result("activity-sensitive-operation", Status.FAIL, Severity.MEDIUM, VAULT + "/keys/signing", "key", SUB, "kv1",
                "backup", Map.of("principal", Map.of("objectId", "0000000b-0000-4000-8000-00000000000b", "appId", "a")), List.of(), "fp1", null);
        Result someoneElse = new Result("activity-sensitive-operation", Status.FAIL, Severity.MEDIUM, VAULT + "/keys/signing", "key", SUB, "kv1",
                "backup", Map.of("principal", Map.of("objectId", "0000000c-0000-4000-8000-00000000000c")), List.of(), "fp2", null);
        assertThat(m.apply(backupJob).status()).isEqualTo(Status.MUTED);
        assertThat(m.apply(someoneElse).status()).isEqualTo(Status.FAIL);
        assertThat(entries.get(0).target()).endsWith(" by 0000000b-0000-4000-8000-00000000000b");
        assertThatThrownBy(() -> ExceptionsFile.read(file("""
                exceptions:
                  - rule: vault-firewall-open
                    resource: %s
                    principal: 0000000b-0000-4000-8000-00000000000b
                    reason: r
                    owner: o
                    expires: 2027-03-31
                """.formatted(VAULT)), RULES)).hasMessageContaining("exceptions.yaml:4:16: exceptions[0].principal: a principal limits an activity detector's exception");
    }
}
