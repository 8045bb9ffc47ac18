package io.kvaudit.source.snapshot;

import io.kvaudit.activity.ActivityLog;
import io.kvaudit.cli.TinyTenant;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.LogFact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** logs/ of a snapshot: both tables, rows that cannot be read, files that are not Log Analytics answers, partial answers. */
class SnapshotLogSourceTest {

    static final ActivityWindow WINDOW = ActivityWindow.of(Instant.parse("2026-11-20T06:00:00Z"), 1);
    static final String VAULT = TinyTenant.RG + "kv-good";
    static final String AD_COLUMNS = """
            [{"name":"TimeGenerated","type":"datetime"},{"name":"ResourceId","type":"string"},{"name":"Category","type":"string"},
             {"name":"ResourceProvider","type":"string"},{"name":"OperationName","type":"string"},{"name":"CallerIPAddress","type":"string"},
             {"name":"identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g","type":"guid"},
             {"name":"identity_claim_appid_g","type":"guid"},{"name":"id_s","type":"string"},{"name":"httpStatusCode_d","type":"real"}]""";
    static final String KV_COLUMNS = """
            [{"name":"TimeGenerated","type":"datetime"},{"name":"_ResourceId","type":"string"},{"name":"OperationName","type":"string"},
             {"name":"CallerIpAddress","type":"string"},{"name":"Identity","type":"dynamic"},{"name":"Id","type":"string"},
             {"name":"HttpStatusCode","type":"int"}]""";

    @TempDir
    Path dir;

    ActivityLog read() {
        return new SnapshotSource(dir).logs().orElseThrow().read(WINDOW, null);
    }

    void table(String file, String columns, String rows) throws IOException {
        TinyTenant.put(dir, "logs/" + file, "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":" + columns + ",\"rows\":[" + rows + "]}]}");
    }

    @Test
    void bothTablesGiveTheSameFactsAndOtherProvidersAreSkipped() throws IOException {
        TinyTenant.write(dir);
        String uri = "https://kv-good.vault.azure.net/secrets/Db-Password/7f3a";
        table("a.json", AD_COLUMNS, """
                ["2026-11-19T10:00:01.1234567Z","%s","AuditEvent","MICROSOFT.KEYVAULT","SecretGet","10.0.0.4","0000000A-0000-4000-8000-00000000000A","0000000b-0000-4000-8000-00000000000b","%s","200"],
                ["2026-11-19T10:00:02Z","/SUBSCRIPTIONS/X/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.SQL/SERVERS/S","SQLSecurityAuditEvents","MICROSOFT.SQL","Login",null,null,null,null,null]
                """.formatted(VAULT.toUpperCase(), uri));
        ActivityLog ad = read();
        TinyTenant.put(dir, "logs/a.json", "{\"tables\":[]}");
        table("b.json", KV_COLUMNS, """
                ["2026-11-19T10:00:01.1234567Z","%s","SecretGet","10.0.0.4","{\\"claim\\":{\\"http://schemas.microsoft.com/identity/claims/objectidentifier\\":\\"0000000a-0000-4000-8000-00000000000a\\",\\"appid\\":\\"0000000b-0000-4000-8000-00000000000b\\"}}","%s",200]
                """.formatted(VAULT.toLowerCase(), uri));
        ActivityLog kv = read();
        assertThat(ad.facts()).hasSize(1).isEqualTo(kv.facts());
        LogFact f = ad.facts().get(0);
        assertThat(f.vaultId()).isEqualTo(VAULT.toLowerCase());
        assertThat(f.caller().objectId()).isEqualTo("0000000a-0000-4000-8000-00000000000a");
        assertThat(f.objectId()).endsWith("/vaults/kv-good/secrets/db-password");
        assertThat(f.httpStatus()).isEqualTo(200);
        assertThat(f.bucket()).isEqualTo(Instant.parse("2026-11-19T10:00:00Z"));
        assertThat(ad.rows()).as("the SQL row is not a Key Vault audit event").isEqualTo(1);
    }

    @Test
    void platformCallersAndServiceEventsCountForCoverageButMakeNoFacts() throws IOException {
        TinyTenant.write(dir);
        table("a.json", KV_COLUMNS, """
                ["2026-11-19T10:00:00Z","%1$s","VaultGet","20.1.1.1","{\\"claim\\":{\\"appid\\":\\"509e4652-da8d-478d-a730-e9d4a1996ca4\\"}}",null,200],
                ["2026-11-19T11:00:00Z","%1$s","SecretNearExpiryEventGridNotification",null,null,null,200],
                ["2026-06-01T11:00:00Z","%1$s","SecretGet","10.0.0.4","{}",null,200],
                ["2026-11-20T06:00:00Z","%1$s","SecretGet","10.0.0.4","{}",null,200]
                """.formatted(VAULT));
        ActivityLog log = read();
        assertThat(log.facts()).isEmpty();
        assertThat(log.dropped()).isEqualTo(2);
        assertThat(log.vaults().get(VAULT.toLowerCase()).events()).as("before the windows and at --as-of: outside").isEqualTo(2);
    }

    @Test
    void aRowThatCannotBeReadIsCountedAndLocatedAndTheRestIsRead() throws IOException {
        TinyTenant.write(dir);
        table("a.json", KV_COLUMNS, """
                ["2026-11-19T10:00:00Z","%1$s","SecretGet","10.0.0.4","{}",null,200],
                ["yesterday","%1$s","SecretGet","10.0.0.4","{}",null,200],
                ["2026-11-19T10:00:00Z","%1$s","SecretGet","10.0.0.4","oid=abc",null,200],
                "not a row",
                ["2026-11-19T10:05:00Z","%1$s","SecretGet","10.0.0.4","{}",null,"two hundred"]
                """.formatted(VAULT));
        ActivityLog log = read();
        assertThat(log.facts()).hasSize(1);
        assertThat(log.unreadable().count()).isEqualTo(4);
        assertThat(log.unreadable().examples()).containsExactly(
                "logs/a.json: $.tables[0].rows[1] (row 2 of PrimaryResult): TimeGenerated is not an RFC 3339 time: \"yesterday\"",
                "logs/a.json: $.tables[0].rows[2] (row 3 of PrimaryResult): Identity is not JSON: \"oid=abc\"",
                "logs/a.json: $.tables[0].rows[3] (row 4 of PrimaryResult): expected an array of cells",
                "logs/a.json: $.tables[0].rows[4] (row 5 of PrimaryResult): the HTTP status is not a number: \"two hundred\"");
    }

    @Test
    void aFileThatIsNotALogAnalyticsAnswerIsASnapshotErrorNamingIt() throws IOException {
        TinyTenant.write(dir);
        TinyTenant.put(dir, "logs/a.json", "{\"value\": []}");
        assertThatThrownBy(this::read).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("logs/a.json: expected a Log Analytics query response");
        TinyTenant.put(dir, "logs/a.json", "{\"tables\": [{\"rows\": [[1]], \"columns\": []}]}");
        assertThatThrownBy(this::read).hasMessageContaining("logs/a.json: at $.tables[0].rows: expected \"columns\" before \"rows\"");
        TinyTenant.put(dir, "logs/a.json", "{\"tables\": [{\"columns\": [{\"name\": \"Foo\"}], \"rows\": []}]}");
        assertThatThrownBy(this::read).hasMessageContaining("logs/a.json: at $.tables[0].columns: expected the columns of AzureDiagnostics or AZKVAuditLogs, or of kvaudit's fact or coverage query; found no TimeGenerated column");
        TinyTenant.put(dir, "logs/a.json", "{\"tables\": [");
        assertThatThrownBy(this::read).hasMessageContaining("logs/a.json:").hasMessageContaining("not valid JSON");
    }

    @Test
    void aPartialAnswerIsUsedAndReportedAndAnErrorAloneReadsNothing() throws IOException {
        TinyTenant.write(dir);
        TinyTenant.put(dir, "logs/a.json", "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":" + KV_COLUMNS + ",\"rows\":[[\"2026-11-19T10:00:00Z\",\""
                + VAULT + "\",\"SecretGet\",\"10.0.0.4\",\"{}\",null,200]]}],\"error\":{\"code\":\"PartialError\",\"message\":\"Query result exceeded the limit\"}}");
        TinyTenant.put(dir, "logs/b.json", "{\"error\":{\"code\":\"InsufficientAccessError\",\"message\":\"denied\"}}");
        ActivityLog log = read();
        assertThat(log.facts()).hasSize(1);
        assertThat(log.incomplete()).containsExactly("logs/a.json: partial answer, PartialError: Query result exceeded the limit",
                "logs/b.json: no rows, InsufficientAccessError: denied");
    }
}
