package io.kvaudit.source.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake Log Analytics itself, on a tiny hand-written logs/ (both tables and a union of them, both claim spellings,
 * an Identity as a JSON string and as an object, platform callers, Event Grid notifications, rows without an object,
 * a mixed-case resource id, rows of another provider, category and workspace): every expected row below is worked
 * out by hand from the rows and activity-facts.kql / activity-coverage.kql, not by any kvaudit code.
 */
class FakeLogAnalyticsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static Path tenant;

    static final String SUB = "11111111-2222-3333-4444-555555555555";
    static final String A = "0f5c1a2e-1111-4a6b-9c3d-00000000000a";
    static final String B = "0f5c1a2e-2222-4a6b-9c3d-00000000000b";
    static final String LAW_A = "/subscriptions/" + SUB + "/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-a";
    static final String LAW_B = "/subscriptions/" + SUB + "/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-b";
    static final String V1 = "/subscriptions/" + SUB + "/resourcegroups/rg-app/providers/microsoft.keyvault/vaults/kv-one";
    static final String V2 = "/subscriptions/" + SUB + "/resourcegroups/rg-app/providers/microsoft.keyvault/vaults/kv-two";
    static final String V3 = "/subscriptions/" + SUB + "/resourcegroups/rg-app/providers/microsoft.keyvault/vaults/kv-three";
    static final String V1U = V1.toUpperCase(Locale.ROOT), V3U = V3.toUpperCase(Locale.ROOT);
    static final String V2_MIXED = "/subscriptions/" + SUB + "/resourceGroups/RG-App/providers/Microsoft.KeyVault/vaults/KV-Two";

    static final String WORKLOAD_OID = "5B1D4E0C-7A43-4D6B-9C1E-2F0A9B8C7D00", WORKLOAD_APP = "6A9FCEEC-6416-4881-9409-043587401633";
    static final String ALICE = "A1B2C3D4-0000-4000-8000-0000000000A1", DAVE = "dddd0000-0000-4000-8000-0000000000dd";
    static final String BOB = "C0FFEE00-0000-4000-8000-0000000000B0", BOB_APP = "04B07795-8DDB-461A-BBEE-02F9E1BF7B46";
    static final String CAROL = "D00D0000-0000-4000-8000-0000000000C0", EVE = "e0e0e0e0-0000-4000-8000-0000000000e0";
    static final String APP_U1 = "F00DF00D-0000-4000-8000-0000000000F0";
    static final String ARG = "509e4652-da8d-478d-a730-e9d4a1996ca4", POLICY_INSIGHTS = "8cae6e77-e04e-42ce-b5cb-50d82bce26b1";

    static String lc(String s) { return s.toLowerCase(Locale.ROOT); }

    @BeforeAll
    static void writeTheTenant() throws IOException {
        tenant = Files.createTempDirectory("kvaudit-fake-la");
        Files.writeString(tenant.resolve("subscriptions.json"), "{\"value\":[]}");
        Path logs = Files.createDirectories(tenant.resolve("logs"));
        Files.writeString(logs.resolve("workspaces.json"), """
                {"value": [
                  {"id": "%s", "name": "law-a", "type": "Microsoft.OperationalInsights/workspaces", "location": "westeurope",
                   "properties": {"customerId": "%s", "provisioningState": "Succeeded", "sku": {"name": "PerGB2018"}, "retentionInDays": 90}},
                  {"id": "%s", "name": "law-b", "type": "Microsoft.OperationalInsights/workspaces", "location": "westeurope",
                   "properties": {"customerId": "%s", "provisioningState": "Succeeded", "sku": {"name": "PerGB2018"}, "retentionInDays": 30}}
                ]}""".formatted(LAW_A, A, LAW_B, B));

        String kv1 = "https://kv-one.vault.azure.net/";
        writeTable(logs.resolve("a-azurediagnostics.json"), List.of("TenantId", "TimeGenerated", "ResourceId", "Category", "ResourceProvider",
                "OperationName", "CallerIPAddress", "identity_claim_oid_g", "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g",
                "identity_claim_upn_s", "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s", "identity_claim_appid_g",
                "id_s", "requestUri_s", "httpStatusCode_d", "tlsVersion_s", "addrAuthType_s", "Type"), List.of(
                // a1-a3: one workload reading one secret (by version): two events in the 06:30 bucket, one in the next
                new Object[] {A, "2026-11-19T06:40:00Z", V1U, "AuditEvent", "MICROSOFT.KEYVAULT", "SecretGet", "10.1.0.4", WORKLOAD_OID, null, null, null,
                        WORKLOAD_APP, kv1 + "secrets/DB-Password/0123abcd", kv1 + "secrets/DB-Password/0123abcd?api-version=7.5", 200.0, "TLS1_2", null, "AzureDiagnostics"},
                new Object[] {A, "2026-11-19T07:29:59.9999999Z", V1U, "AuditEvent", "MICROSOFT.KEYVAULT", "SecretGet", "10.1.0.4", WORKLOAD_OID, null, null, null,
                        WORKLOAD_APP, kv1 + "secrets/DB-Password/0123abcd", kv1 + "secrets/DB-Password/0123abcd?api-version=7.5", 200.0, "TLS1_2", null, "AzureDiagnostics"},
                new Object[] {A, "2026-11-19T07:30:00Z", V1U, "AuditEvent", "MICROSOFT.KEYVAULT", "SecretGet", "10.1.0.4", WORKLOAD_OID, null, null, null,
                        WORKLOAD_APP, kv1 + "secrets/DB-Password/0123abcd", kv1 + "secrets/DB-Password/0123abcd?api-version=7.5", 200.0, "TLS1_2", null, "AzureDiagnostics"},
                // a4: the long claim names, no id_s (requestUri_s instead), a status of 403.7 (toint truncates)
                new Object[] {A, "2026-11-19T06:45:00.5Z", V1U, "AuditEvent", "MICROSOFT.KEYVAULT", "KeySign", "203.0.113.9", null, ALICE, null,
                        "Alice@Contoso.com", null, null, kv1 + "keys/Signing-Key/sign?api-version=7.5", 403.7, "TLS1_0", "PublicIP", "AzureDiagnostics"},
                // a5: Azure Resource Graph (coverage only); a6, a6b: Event Grid notifications (coverage only; endswith ignores case)
                new Object[] {A, "2026-11-19T08:00:00Z", V1U, "AuditEvent", "MICROSOFT.KEYVAULT", "VaultGet", "20.40.1.1", null, null, null, null,
                        ARG, kv1, null, 200.0, "TLS1_2", null, "AzureDiagnostics"},
                new Object[] {A, "2026-11-19T09:00:00Z", V1U, "AuditEvent", "MICROSOFT.KEYVAULT", "SecretNearExpiryEventGridNotification", null, null, null,
                        null, null, null, kv1 + "secrets/db-password", null, null, null, null, "AzureDiagnostics"},
                new Object[] {A, "2026-11-19T09:10:00Z", V1U, "AuditEvent", "MICROSOFT.KEYVAULT", "KeyNearExpiryEventGridNOTIFICATION", null, null, null,
                        null, null, null, kv1 + "keys/signing-key", null, null, null, null, "AzureDiagnostics"},
                // a7-a9: another category, another provider, no operation: in neither answer
                new Object[] {A, "2026-11-19T10:00:00Z", V1U, "AzurePolicyEvaluationDetails", "MICROSOFT.KEYVAULT", "SecretGet", "10.1.0.4", WORKLOAD_OID,
                        null, null, null, WORKLOAD_APP, kv1 + "secrets/db-password", null, 200.0, "TLS1_2", null, "AzureDiagnostics"},
                new Object[] {A, "2026-11-19T10:05:00Z", "/SUBSCRIPTIONS/" + SUB + "/RESOURCEGROUPS/RG-DATA/PROVIDERS/MICROSOFT.STORAGE/STORAGEACCOUNTS/ST1",
                        "StorageRead", "MICROSOFT.STORAGE", "GetBlob", "10.1.0.4", null, null, null, null, null, null, null, 200.0, "TLS1_2", null, "AzureDiagnostics"},
                new Object[] {A, "2026-11-19T10:10:00Z", V1U, "AuditEvent", "MICROSOFT.KEYVAULT", "", "10.1.0.4", WORKLOAD_OID, null, null, null,
                        WORKLOAD_APP, kv1 + "secrets/db-password", null, 200.0, "TLS1_2", null, "AzureDiagnostics"},
                // a10: no object (the vault itself); a11: deletedsecrets is no object kind; its status is a string
                new Object[] {A, "2026-11-19T10:15:00Z", V1U, "AuditEvent", "MICROSOFT.KEYVAULT", "VaultGet", "10.1.0.9", DAVE, null, "Dave@Contoso.com",
                        null, null, null, kv1 + "?api-version=7.5", 200.0, "TLS1_2", null, "AzureDiagnostics"},
                new Object[] {A, "2026-11-19T10:20:00Z", V1U, "AuditEvent", "MICROSOFT.KEYVAULT", "SecretRecover", "10.1.0.9", DAVE, null, "Dave@Contoso.com",
                        null, null, kv1 + "deletedsecrets/old-token", null, "200", "TLS1_2", null, "AzureDiagnostics"},
                // a12: workspace B's row in the same file
                new Object[] {B, "2026-11-19T11:00:00Z", V3U, "AuditEvent", "MICROSOFT.KEYVAULT", "SecretGet", "10.3.0.4", WORKLOAD_OID, null, null, null,
                        WORKLOAD_APP, "https://kv-three.vault.azure.net/secrets/s1", null, 200.0, "TLS1_2", null, "AzureDiagnostics"},
                // a13: two days before the detection window (a baseline day bucket)
                new Object[] {A, "2026-11-17T10:00:00Z", V1U, "AuditEvent", "MICROSOFT.KEYVAULT", "SecretGet", "10.1.0.4", WORKLOAD_OID, null, null, null,
                        WORKLOAD_APP, kv1 + "secrets/DB-Password/0123abcd", null, 200.0, "TLS1_2", null, "AzureDiagnostics"},
                // a14: a workspace the tenant does not have
                new Object[] {"99999999-9999-4999-8999-999999999999", "2026-11-19T11:30:00Z", V1U, "AuditEvent", "MICROSOFT.KEYVAULT", "SecretGet",
                        "10.1.0.4", WORKLOAD_OID, null, null, null, WORKLOAD_APP, kv1 + "secrets/db-password", null, 200.0, "TLS1_2", null, "AzureDiagnostics"}));

        String kv2 = "https://kv-two.vault.azure.net/";
        ObjectNode carol = JSON.createObjectNode();
        carol.putObject("claim").put("http://schemas.microsoft.com/identity/claims/objectidentifier", CAROL)
                .put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "Carol@Contoso.com");
        ObjectNode eve = JSON.createObjectNode();
        eve.putObject("claim").put("oid", EVE);
        writeTable(logs.resolve("b-azkvauditlogs.json"), List.of("TenantId", "TimeGenerated", "_ResourceId", "OperationName", "CallerIpAddress",
                "Identity", "Id", "RequestUri", "HttpStatusCode", "Tlsversion", "AddressAuthorizationType", "Type"), List.of(
                // k1: Identity as a JSON string, short claim names
                new Object[] {A, "2026-11-19T06:50:00.1234567Z", V2, "SecretList", "10.2.0.5", "{\"claim\":{\"oid\":\"" + BOB + "\",\"upn\":\"Bob@Contoso.com\","
                        + "\"appid\":\"" + BOB_APP + "\"}}", "", kv2 + "secrets?api-version=7.5", 200, "TLS1_2", "PublicIP", "AZKVAuditLogs"},
                // k2: Identity as an object with the long claim names; a mixed-case _ResourceId
                new Object[] {A, "2026-11-19T07:00:00Z", V2_MIXED, "CertificateGet", "10.2.0.6", carol, kv2 + "certificates/Web-Cert",
                        kv2 + "certificates/Web-Cert/?api-version=7.5", 200, "TLS1_3", "Subnet", "AZKVAuditLogs"},
                // k3: Policy Insights by object id (coverage only)
                new Object[] {A, "2026-11-19T07:10:00Z", V2, "VaultGet", "20.40.1.2", "{\"claim\":{\"oid\":\"" + POLICY_INSIGHTS + "\"}}", null,
                        kv2 + "?api-version=7.5", 200, "TLS1_2", null, "AZKVAuditLogs"},
                // k4: the SDK's token-less first request: no identity, no status (coalesce(HttpStatus, 0))
                new Object[] {A, "2026-11-19T07:15:00Z", V2, "SecretGet", "10.2.0.5", "", kv2 + "secrets/api-key", null, null, "TLS1_2", null, "AZKVAuditLogs"},
                // k5: at endTime (excluded); k6: at startTime (included)
                new Object[] {A, "2026-11-20T06:30:00Z", V2, "SecretGet", "10.2.0.8", eve, kv2 + "secrets/api-key", null, 200, "TLS1_2", "", "AZKVAuditLogs"},
                new Object[] {A, "2026-11-19T06:30:00Z", V2, "SecretGet", "10.2.0.8", eve, kv2 + "secrets/api-key/v2", null, 200, "TLS1_2", "", "AZKVAuditLogs"},
                // k7: an Identity that is no JSON (no claim)
                new Object[] {A, "2026-11-19T12:00:00Z", V2, "SecretGet", "10.2.0.9", "not json", kv2 + "secrets/Api-Key", null, 200, "TLS1_2", null, "AZKVAuditLogs"},
                // k8: one day and one second before the origin
                new Object[] {A, "2026-11-18T06:29:59Z", V2, "SecretGet", "10.2.0.8", eve, kv2 + "secrets/api-key/v1", null, 200, "TLS1_2", "", "AZKVAuditLogs"}));

        ObjectNode appOnly = JSON.createObjectNode();
        appOnly.putObject("claim").put("appid", APP_U1);
        // a union of both tables: the columns of both, each row's table in its Type cell
        writeTable(logs.resolve("c-union.json"), List.of("TenantId", "TimeGenerated", "ResourceId", "Category", "ResourceProvider", "_ResourceId",
                "OperationName", "CallerIPAddress", "CallerIpAddress", "Identity", "id_s", "Id", "httpStatusCode_d", "HttpStatusCode", "Type"), List.of(
                new Object[] {A, "2026-11-19T13:00:00Z", null, null, null, V2, "SecretGet", null, "10.2.0.7", appOnly, null, kv2 + "keys/K1", null, 200,
                        "AZKVAuditLogs"},
                new Object[] {A, "2026-11-19T13:05:00Z", V1U, "AuditEvent", "MICROSOFT.KEYVAULT", "", "SecretSet", "10.1.0.4", null, null,
                        kv1 + "secrets/new-one", null, 200.0, null, "AzureDiagnostics"}));
    }

    static void writeTable(Path file, List<String> columns, List<Object[]> rows) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode table = body.putArray("tables").addObject();
        table.put("name", "PrimaryResult");
        ArrayNode cols = table.putArray("columns");
        for (String c : columns) cols.addObject().put("name", c).put("type", "string");
        ArrayNode out = table.putArray("rows");
        for (Object[] r : rows) {
            assertThat(r).as(Arrays.toString(r)).hasSameSizeAs(columns);
            out.add(JSON.valueToTree(Arrays.asList(r)));
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), body);
    }

    // ---- queries as kvaudit sends them: the KQL file with its parameter lines filled in

    static String kql(String resource, Map<String, String> values) {
        try (InputStream in = FakeLogAnalyticsTest.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Pattern let = Pattern.compile("^let (\\w+) = [^;]*;(.*)$");
            List<String> out = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                Matcher m = let.matcher(line);
                out.add(m.matches() && values.containsKey(m.group(1)) ? "let " + m.group(1) + " = " + values.get(m.group(1)) + ";" + m.group(2) : line);
            }
            return String.join("\n", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String facts(String start, String end, String bucket, String origin, boolean ad, boolean kv) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("startTime", "datetime(" + start + ")");
        v.put("endTime", "datetime(" + end + ")");
        v.put("bucketSize", bucket);
        v.put("bucketOrigin", "datetime(" + origin + ")");
        v.put("readAzureDiagnostics", String.valueOf(ad));
        v.put("readAZKVAuditLogs", String.valueOf(kv));
        return kql("/kql/activity-facts.kql", v);
    }

    static String coverage(String start, String end, boolean ad, boolean kv) {
        return kql("/kql/activity-coverage.kql", Map.of("startTime", "datetime(" + start + ")", "endTime", "datetime(" + end + ")",
                "readAzureDiagnostics", String.valueOf(ad), "readAZKVAuditLogs", String.valueOf(kv)));
    }

    static final String START = "2026-11-19T06:30:00Z", END = "2026-11-20T06:30:00Z";
    static final String DETECTION = facts(START, END, "1h", START, true, true);
    static final String COVERAGE = coverage(START, END, true, true);

    static HttpResponse post(FakeAzure fake, String customerId, String query, String timespan) {
        return post(fake, customerId, query, timespan, true);
    }

    static HttpResponse post(FakeAzure fake, String customerId, String query, String timespan, boolean authorized) {
        ObjectNode body = JSON.createObjectNode().put("query", query);
        if (timespan != null) body.put("timespan", timespan);
        HttpRequest r = new HttpRequest(HttpMethod.POST, "https://api.loganalytics.io/v1/workspaces/" + customerId + "/query")
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
        try {
            r.setBody(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (authorized) r.setHeader(HttpHeaderName.AUTHORIZATION, "Bearer a-token");
        return fake.sendSync(r, Context.NONE);
    }

    static HttpResponse get(FakeAzure fake, String url) {
        return fake.sendSync(new HttpRequest(HttpMethod.GET, url).setHeader(HttpHeaderName.AUTHORIZATION, "Bearer a-token"), Context.NONE);
    }

    static JsonNode body(HttpResponse r) {
        try {
            return JSON.readTree(r.getBodyAsByteArray().block());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An answer's rows, each as compact JSON; asserts the one table's name and columns on the way. */
    static List<String> rows(HttpResponse r, String... columns) {
        assertThat(r.getStatusCode()).as(r.getBodyAsString().block()).isEqualTo(200);
        JsonNode b = body(r);
        assertThat(b.path("tables")).hasSize(1);
        JsonNode t = b.path("tables").get(0);
        assertThat(t.path("name").asText()).isEqualTo("PrimaryResult");
        List<String> names = new ArrayList<>();
        t.path("columns").forEach(c -> names.add(c.path("name").asText() + ":" + c.path("type").asText()));
        assertThat(names).containsExactly(columns);
        List<String> out = new ArrayList<>();
        t.path("rows").forEach(row -> out.add(row.toString()));
        return out;
    }

    static final String[] FACT_COLUMNS = {"Bucket:datetime", "VaultId:string", "CallerObjectId:string", "CallerUpn:string", "CallerAppId:string",
            "CallerIp:string", "OperationName:string", "ObjectKind:string", "ObjectName:string", "HttpStatus:int", "TlsVersion:string",
            "AddressAuthorizationType:string", "Count:long", "FirstSeen:datetime", "LastSeen:datetime"};
    static final String[] COVERAGE_COLUMNS = {"VaultId:string", "Events:long", "FirstEvent:datetime", "LastEvent:datetime"};

    static List<String> facts(HttpResponse r) { return rows(r, FACT_COLUMNS); }

    static List<String> coverage(HttpResponse r) { return rows(r, COVERAGE_COLUMNS); }

    static String row(Object... cells) {
        try {
            return JSON.writeValueAsString(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fact(String bucket, String vault, String oid, String upn, String app, String ip, String op, String kind, String name,
                       int status, String tls, String addr, int count, String first, String last) {
        return row("2026-11-" + bucket, vault, lc(oid), upn, lc(app), ip, op, kind, name, status, tls, addr, count, "2026-11-" + first, "2026-11-" + last);
    }

    // ---- expected answers, worked out by hand (times without their "2026-11-" prefix)

    static final List<String> V1_FACTS = List.of(
            fact("19T06:30:00.000Z", V1, WORKLOAD_OID, "", WORKLOAD_APP, "10.1.0.4", "SecretGet", "secrets", "db-password", 200, "TLS1_2", "", 2,
                    "19T06:40:00.000Z", "19T07:29:59.9999999Z"),
            fact("19T06:30:00.000Z", V1, ALICE, "alice@contoso.com", "", "203.0.113.9", "KeySign", "keys", "signing-key", 403, "TLS1_0", "PublicIP", 1,
                    "19T06:45:00.500Z", "19T06:45:00.500Z"),
            fact("19T07:30:00.000Z", V1, WORKLOAD_OID, "", WORKLOAD_APP, "10.1.0.4", "SecretGet", "secrets", "db-password", 200, "TLS1_2", "", 1,
                    "19T07:30:00.000Z", "19T07:30:00.000Z"),
            fact("19T09:30:00.000Z", V1, DAVE, "dave@contoso.com", "", "10.1.0.9", "VaultGet", "", "", 200, "TLS1_2", "", 1,
                    "19T10:15:00.000Z", "19T10:15:00.000Z"),
            fact("19T09:30:00.000Z", V1, DAVE, "dave@contoso.com", "", "10.1.0.9", "SecretRecover", "", "", 200, "TLS1_2", "", 1,
                    "19T10:20:00.000Z", "19T10:20:00.000Z"),
            fact("19T12:30:00.000Z", V1, "", "", "", "10.1.0.4", "SecretSet", "secrets", "new-one", 200, "", "", 1,
                    "19T13:05:00.000Z", "19T13:05:00.000Z"));
    static final List<String> V2_FACTS = List.of(
            fact("19T06:30:00.000Z", V2, EVE, "", "", "10.2.0.8", "SecretGet", "secrets", "api-key", 200, "TLS1_2", "", 1,
                    "19T06:30:00.000Z", "19T06:30:00.000Z"),
            fact("19T06:30:00.000Z", V2, BOB, "bob@contoso.com", BOB_APP, "10.2.0.5", "SecretList", "", "", 200, "TLS1_2", "PublicIP", 1,
                    "19T06:50:00.1234567Z", "19T06:50:00.1234567Z"),
            fact("19T06:30:00.000Z", V2, CAROL, "carol@contoso.com", "", "10.2.0.6", "CertificateGet", "certificates", "web-cert", 200, "TLS1_3", "Subnet", 1,
                    "19T07:00:00.000Z", "19T07:00:00.000Z"),
            fact("19T06:30:00.000Z", V2, "", "", "", "10.2.0.5", "SecretGet", "secrets", "api-key", 0, "TLS1_2", "", 1,
                    "19T07:15:00.000Z", "19T07:15:00.000Z"),
            fact("19T11:30:00.000Z", V2, "", "", "", "10.2.0.9", "SecretGet", "secrets", "api-key", 200, "TLS1_2", "", 1,
                    "19T12:00:00.000Z", "19T12:00:00.000Z"),
            fact("19T12:30:00.000Z", V2, "", "", APP_U1, "10.2.0.7", "SecretGet", "keys", "k1", 200, "", "", 1,
                    "19T13:00:00.000Z", "19T13:00:00.000Z"));

    static List<String> both(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Rows in KQL's order: VaultId, then Bucket (rows equal on both in any order). */
    static void assertFacts(List<String> actual, List<String> expected) {
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        List<String> keys = actual.stream().map(FakeLogAnalyticsTest::vaultAndBucket).toList();
        assertThat(keys).isSortedAccordingTo(String::compareTo);
    }

    static String vaultAndBucket(String row) {
        try {
            JsonNode r = JSON.readTree(row);
            return r.get(1).asText() + " " + r.get(0).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the answers

    @Test
    void theFactsQueryAnswersEveryFactOfTheWorkspaceRowByRow() {
        FakeAzure fake = new FakeAzure(tenant);
        assertFacts(facts(post(fake, A, DETECTION, null)), both(V1_FACTS, V2_FACTS));
        assertThat(facts(post(fake, B, DETECTION, null))).containsExactly(
                fact("19T10:30:00.000Z", V3, WORKLOAD_OID, "", WORKLOAD_APP, "10.3.0.4", "SecretGet", "secrets", "s1", 200, "TLS1_2", "", 1,
                        "19T11:00:00.000Z", "19T11:00:00.000Z"));
        // the customerId in the URL is a GUID: any case
        assertFacts(facts(post(fake, A.toUpperCase(Locale.ROOT), DETECTION, null)), both(V1_FACTS, V2_FACTS));
        // the rows either query can return (not a7-a9), by TenantId: A's 10 + B's 1 + a14's workspace's 1 in the first file, 8, 2
        assertThat(fake.logAnalytics().indexedRows()).isEqualTo(10 + 1 + 1 + 8 + 2);
    }

    @Test
    void theCoverageQueryCountsEveryEventPlatformCallersAndNotificationsIncluded() {
        FakeAzure fake = new FakeAzure(tenant);
        assertThat(coverage(post(fake, A, COVERAGE, null))).containsExactly(
                row(V1, 10, "2026-11-19T06:40:00.000Z", "2026-11-19T13:05:00.000Z"),
                row(V2, 7, "2026-11-19T06:30:00.000Z", "2026-11-19T13:00:00.000Z"));
        assertThat(coverage(post(fake, B, COVERAGE, null))).containsExactly(row(V3, 1, "2026-11-19T11:00:00.000Z", "2026-11-19T11:00:00.000Z"));
    }

    @Test
    void bucketsAlignToTheOriginAlsoBeforeIt() {
        FakeAzure fake = new FakeAzure(tenant);
        // day buckets over the baseline: 2026-11-17T10:00 and 2026-11-18T06:29:59 (1 s before origin - 1 d) are both in the day from 11-17T06:30
        assertFacts(facts(post(fake, A, facts("2026-10-20T06:30:00Z", START, "1d", START, true, true), null)), List.of(
                fact("17T06:30:00.000Z", V1, WORKLOAD_OID, "", WORKLOAD_APP, "10.1.0.4", "SecretGet", "secrets", "db-password", 200, "TLS1_2", "", 1,
                        "17T10:00:00.000Z", "17T10:00:00.000Z"),
                fact("17T06:30:00.000Z", V2, EVE, "", "", "10.2.0.8", "SecretGet", "secrets", "api-key", 200, "TLS1_2", "", 1,
                        "18T06:29:59.000Z", "18T06:29:59.000Z")));
        // hour buckets before the origin: 06:29:59 is in the hour from 05:30
        assertThat(facts(post(fake, A, facts("2026-11-18T00:00:00Z", START, "1h", START, false, true), null))).containsExactly(
                fact("18T05:30:00.000Z", V2, EVE, "", "", "10.2.0.8", "SecretGet", "secrets", "api-key", 200, "TLS1_2", "", 1,
                        "18T06:29:59.000Z", "18T06:29:59.000Z"));
        // 30-minute buckets from an origin on the hour split the 06:30 hour in two
        List<String> halfHours = facts(post(fake, A, facts(START, "2026-11-19T07:30:00Z", "30m", "2026-11-19T00:00:00Z", true, false), null));
        assertThat(halfHours.stream().map(FakeLogAnalyticsTest::vaultAndBucket).distinct().toList())
                .containsExactly(V1 + " 2026-11-19T06:30:00.000Z", V1 + " 2026-11-19T07:00:00.000Z");
    }

    @Test
    void theTimespanNarrowsTheParametersWindowHalfOpen() {
        FakeAzure fake = new FakeAzure(tenant).queryClock(Clock.fixed(Instant.parse("2026-11-19T08:00:00Z"), ZoneOffset.UTC));
        // as QueryTimeInterval sends it: OffsetDateTime.toString(), seconds left out when zero
        assertThat(coverage(post(fake, A, COVERAGE, "2026-11-19T07:00Z/2026-11-19T10:16Z"))).containsExactly(
                row(V1, 6, "2026-11-19T07:29:59.9999999Z", "2026-11-19T10:15:00.000Z"),
                row(V2, 3, "2026-11-19T07:00:00.000Z", "2026-11-19T07:15:00.000Z"));
        List<String> lastHour = List.of(row(V1, 2, "2026-11-19T07:29:59.9999999Z", "2026-11-19T07:30:00.000Z"),
                row(V2, 3, "2026-11-19T07:00:00.000Z", "2026-11-19T07:15:00.000Z"));
        assertThat(coverage(post(fake, A, COVERAGE, "PT1H"))).containsExactlyElementsOf(lastHour); // the hour before "now" (08:00 excluded)
        assertThat(coverage(post(fake, A, COVERAGE, "2026-11-19T07:00:00Z/PT1H"))).containsExactlyElementsOf(lastHour);
        assertThat(coverage(post(fake, A, COVERAGE, "PT1H/2026-11-19T08:00:00.000Z"))).containsExactlyElementsOf(lastHour);
        // a wider timespan leaves the parameters' window; one that misses it leaves nothing
        assertThat(coverage(post(fake, A, COVERAGE, "2026-01-01T00:00Z/2027-01-01T00:00Z"))).isEqualTo(coverage(post(fake, A, COVERAGE, null)));
        assertThat(coverage(post(fake, A, COVERAGE, "2026-12-01T00:00Z/2026-12-02T00:00Z"))).isEmpty();

        FakeLogAnalytics.Query q = fake.queries().get(0);
        assertThat(q.timespan()).isEqualTo("2026-11-19T07:00Z/2026-11-19T10:16Z");
        assertThat(q.from()).isEqualTo(Instant.parse("2026-11-19T07:00:00Z"));
        assertThat(q.to()).isEqualTo(Instant.parse("2026-11-19T10:16:00Z"));
        assertThat(q.startTime()).isEqualTo(Instant.parse(START));
        assertThat(q.endTime()).isEqualTo(Instant.parse(END));
        assertThat(fake.queries().get(1).from()).isEqualTo(Instant.parse("2026-11-19T07:00:00Z"));
        assertThat(post(fake, A, COVERAGE, "yesterday").getStatusCode()).isEqualTo(400);
    }

    @Test
    void theTableFlagsChooseTheTablesRead() {
        FakeAzure fake = new FakeAzure(tenant);
        assertThat(coverage(post(fake, A, coverage(START, END, false, true), null))).containsExactly(
                row(V2, 7, "2026-11-19T06:30:00.000Z", "2026-11-19T13:00:00.000Z"));
        assertThat(coverage(post(fake, A, coverage(START, END, true, false), null))).containsExactly(
                row(V1, 10, "2026-11-19T06:40:00.000Z", "2026-11-19T13:05:00.000Z"));
        assertThat(coverage(post(fake, A, coverage(START, END, false, false), null))).isEmpty();
        assertFacts(facts(post(fake, A, facts(START, END, "1h", START, false, true), null)), V2_FACTS);
        assertFacts(facts(post(fake, A, facts(START, END, "1h", START, true, false), null)), V1_FACTS);
    }

    @Test
    void eachQueryIsLoggedWithItsParametersStatusAndRows() {
        FakeAzure fake = new FakeAzure(tenant);
        post(fake, A, DETECTION, "2026-11-19T06:30Z/2026-11-20T06:30Z");
        post(fake, B, COVERAGE, null);
        post(fake, A, COVERAGE, null, false);
        List<FakeLogAnalytics.Query> log = fake.queries();
        assertThat(log).hasSize(3);
        FakeLogAnalytics.Query f = log.get(0);
        assertThat(f.customerId()).isEqualTo(A);
        assertThat(f.workspace()).isEqualTo("law-a");
        assertThat(f.kind()).isEqualTo(FakeLogAnalytics.Kind.FACTS);
        assertThat(f.facts()).isTrue();
        assertThat(f.startTime()).isEqualTo(Instant.parse(START));
        assertThat(f.endTime()).isEqualTo(Instant.parse(END));
        assertThat(f.bucketSize()).isEqualTo(Duration.ofHours(1));
        assertThat(f.bucketOrigin()).isEqualTo(Instant.parse(START));
        assertThat(f.readAzureDiagnostics()).isTrue();
        assertThat(f.readAZKVAuditLogs()).isTrue();
        assertThat(f.timespan()).isEqualTo("2026-11-19T06:30Z/2026-11-20T06:30Z");
        assertThat(f.status()).isEqualTo(200);
        assertThat(f.rows()).isEqualTo(12);
        assertThat(f.partial()).isFalse();
        assertThat(f.endNanos()).isGreaterThanOrEqualTo(f.startNanos());
        FakeLogAnalytics.Query c = log.get(1);
        assertThat(c.kind()).isEqualTo(FakeLogAnalytics.Kind.COVERAGE);
        assertThat(c.bucketSize()).isNull();
        assertThat(c.timespan()).isNull();
        assertThat(c.rows()).isEqualTo(1);
        FakeLogAnalytics.Query unauthenticated = log.get(2);
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.kind()).isNull();
        // the request log has the POSTs too, with CallCounter's kind
        assertThat(fake.requests()).hasSize(3).allMatch(r -> r.method().equals("POST") && r.url().startsWith("https://api.loganalytics.io/v1/workspaces/"));
        assertThat(fake.requests().get(2).authorized()).isFalse();
        assertThat(fake.requests()).allMatch(r -> r.kind() != null);
    }

    @Test
    void errorsAreLogAnalyticsErrors() {
        FakeAzure fake = new FakeAzure(tenant);
        HttpResponse anonymous = post(fake, A, DETECTION, null, false);
        assertThat(anonymous.getStatusCode()).isEqualTo(401);
        assertThat(body(anonymous).path("error").path("code").asText()).isEqualTo("AuthorizationRequiredError");

        HttpResponse unknown = post(fake, "77777777-7777-4777-8777-777777777777", DETECTION, null);
        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(body(unknown).path("error").path("code").asText()).isEqualTo("WorkspaceNotFoundError");

        assertThat(get(fake, "https://api.loganalytics.io/v1/workspaces/" + A + "/query?query=x").getStatusCode()).isEqualTo(405);

        // anything but the KQL files' text after the parameters is refused, never answered wrongly
        HttpResponse changed = post(fake, A, DETECTION + "\n| take 5", null);
        assertThat(changed.getStatusCode()).isEqualTo(400);
        assertThat(body(changed).path("error").path("code").asText()).isEqualTo("BadArgumentError");
        assertThat(body(changed).path("error").path("innererror").path("message").asText()).contains("| take 5");
        HttpResponse noParameters = post(fake, A, "AzureDiagnostics | take 5", null);
        assertThat(noParameters.getStatusCode()).isEqualTo(400);
        HttpResponse missing = post(fake, A, DETECTION.replaceFirst("let bucketOrigin = [^\n]*\n", ""), null);
        assertThat(missing.getStatusCode()).isEqualTo(400);
        assertThat(body(missing).path("error").path("innererror").path("message").asText()).contains("bucketOrigin");
        HttpResponse badValue = post(fake, A, DETECTION.replace("let bucketSize = 1h;", "let bucketSize = hourly;"), null);
        assertThat(badValue.getStatusCode()).isEqualTo(400);
        // the file as it stands (its defaults) is a valid query
        assertThat(post(fake, A, kql("/kql/activity-facts.kql", Map.of()), null).getStatusCode()).isEqualTo(200);
    }

    @Test
    void theWorkspaceGetAnswersTheSnapshotsWorkspace() throws IOException {
        FakeAzure fake = new FakeAzure(tenant);
        HttpResponse w = get(fake, FakeAzure.ARM + LAW_A + "?api-version=2022-10-01");
        assertThat(w.getStatusCode()).isEqualTo(200);
        assertThat(body(w)).isEqualTo(JSON.readTree(tenant.resolve("logs/workspaces.json").toFile()).path("value").get(0));
        assertThat(body(w).path("properties").path("customerId").asText()).isEqualTo(A);
        // ids compare case-insensitively
        assertThat(get(fake, FakeAzure.ARM + LAW_B.toLowerCase(Locale.ROOT) + "?api-version=2022-10-01").getStatusCode()).isEqualTo(200);
        HttpResponse absent = get(fake, FakeAzure.ARM + LAW_A.replace("law-a", "law-c") + "?api-version=2022-10-01");
        assertThat(absent.getStatusCode()).isEqualTo(404);
        assertThat(body(absent).path("error").path("code").asText()).isEqualTo("ResourceNotFound");
        HttpResponse anonymous = fake.sendSync(new HttpRequest(HttpMethod.GET, FakeAzure.ARM + LAW_A + "?api-version=2022-10-01"), Context.NONE);
        assertThat(anonymous.getStatusCode()).isEqualTo(401);
    }

    // ---- knobs

    @Test
    void aForbiddenWorkspaceRefusesItsGetAndItsQueries() {
        FakeAzure fake = new FakeAzure(tenant).forbidWorkspace("law-a");
        HttpResponse w = get(fake, FakeAzure.ARM + LAW_A + "?api-version=2022-10-01");
        assertThat(w.getStatusCode()).isEqualTo(403);
        assertThat(body(w).path("error").path("code").asText()).isEqualTo("AuthorizationFailed");
        HttpResponse q = post(fake, A, DETECTION, null);
        assertThat(q.getStatusCode()).isEqualTo(403);
        assertThat(body(q).path("error").path("code").asText()).isEqualTo("InsufficientAccessError");
        assertThat(body(q).path("error").path("message").asText())
                .isEqualTo("The provided credentials have insufficient access to perform the requested operation");
        assertThat(coverage(post(fake, B, COVERAGE, null))).hasSize(1);
        assertThat(get(fake, FakeAzure.ARM + LAW_B + "?api-version=2022-10-01").getStatusCode()).isEqualTo(200);
    }

    @Test
    void throttledQueriesGet429WithRetryAfterAtMostTwiceInARow() {
        FakeAzure fake = new FakeAzure(tenant).throttleQueries(2, 7);
        assertThat(post(fake, A, COVERAGE, null).getStatusCode()).isEqualTo(200);
        HttpResponse throttled = post(fake, A, COVERAGE, null);
        assertThat(throttled.getStatusCode()).isEqualTo(429);
        assertThat(throttled.getHeaders().getValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("7");
        assertThat(body(throttled).path("error").path("code").asText()).isNotEmpty();
        assertThat(post(fake, A, COVERAGE, null).getStatusCode()).isEqualTo(200);
        assertThat(post(fake, A, DETECTION, null).getStatusCode()).isEqualTo(429);

        FakeAzure storm = new FakeAzure(tenant).throttleQueries(1, 1);
        assertThat(List.of(post(storm, A, COVERAGE, null).getStatusCode(), post(storm, A, COVERAGE, null).getStatusCode(),
                post(storm, A, COVERAGE, null).getStatusCode(), post(storm, A, DETECTION, null).getStatusCode()))
                .containsExactly(429, 429, 200, 429);
        assertThat(storm.queries()).extracting(FakeLogAnalytics.Query::status).containsExactly(429, 429, 200, 429);
    }

    @Test
    void aPartialErrorComesBesideTheFullTables() {
        FakeAzure fake = new FakeAzure(tenant).partialQueryError("law-a").partialQueryError(B);
        HttpResponse r = post(fake, A, DETECTION, null);
        assertFacts(facts(r), both(V1_FACTS, V2_FACTS));
        assertPartialError(body(r), "E_SHARD_UNAVAILABLE");
        assertThat(fake.queries().get(0).partial()).isTrue();
        HttpResponse b = post(fake, B, COVERAGE, null);
        assertThat(coverage(b)).hasSize(1);
        assertPartialError(body(b), "E_SHARD_UNAVAILABLE");
        assertThat(body(post(new FakeAzure(tenant), A, DETECTION, null)).has("error")).isFalse();
    }

    @Test
    void aResultOverTheRowCapIsCutAndSaysSo() {
        List<String> full = facts(post(new FakeAzure(tenant), A, DETECTION, null));
        FakeAzure fake = new FakeAzure(tenant).maxQueryRows(5);
        HttpResponse r = post(fake, A, DETECTION, null);
        assertThat(facts(r)).containsExactlyElementsOf(full.subList(0, 5));
        assertPartialError(body(r), "E_QUERY_RESULT_SET_TOO_LARGE");
        assertThat(fake.queries().get(0).rows()).isEqualTo(5);
        assertThat(fake.queries().get(0).partial()).isTrue();
        // at the cap is not over it
        HttpResponse c = post(new FakeAzure(tenant).maxQueryRows(2), A, COVERAGE, null);
        assertThat(coverage(c)).hasSize(2);
        assertThat(body(c).has("error")).isFalse();
    }

    static void assertPartialError(JsonNode body, String innerCode) {
        JsonNode e = body.path("error");
        assertThat(e.path("code").asText()).isEqualTo("PartialError");
        assertThat(e.path("message").asText()).isEqualTo("There were some errors when processing your query.");
        JsonNode d = e.path("details").get(0);
        assertThat(d.path("code").asText()).isEqualTo("EngineError");
        assertThat(d.path("innererror").path("code").asText()).startsWith("-213319679");
        assertThat(d.path("innererror").path("message").asText()).contains(innerCode);
        assertThat(d.path("innererror").path("severity").asInt()).isEqualTo(2);
        assertThat(d.path("innererror").path("severityName").asText()).isEqualTo("Error");
    }

    @Test
    void concurrentQueriesAreCountedAndShareOneIndex() throws Exception {
        FakeAzure fake = new FakeAzure(tenant).queryLatency(Duration.ofMillis(300));
        int n = 4;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++)
                answers.add(pool.submit(() -> {
                    go.await();
                    return facts(post(fake, A, DETECTION, null));
                }));
            go.countDown();
            for (Future<List<String>> a : answers) assertFacts(a.get(), both(V1_FACTS, V2_FACTS));
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.maxConcurrentQueries()).isEqualTo(n);
        assertThat(FakeLogAnalytics.maxOverlap(fake.queries())).isEqualTo(n);
        assertThat(fake.queries()).allMatch(q -> q.elapsed().toMillis() >= 300);
        assertThat(fake.logAnalytics().indexedRows()).isEqualTo(22);
    }

    /** The demo tenant: each workspace's rows are those of its customerId, across its files of both tables. */
    @Test
    void theDemoTenantsLogsAreServedPerWorkspace() throws IOException {
        Path sample = Path.of("samples/contoso");
        FakeAzure fake = new FakeAzure(sample);
        Map<String, Long> expected = new LinkedHashMap<>();
        try (var files = Files.list(sample.resolve("logs"))) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals("workspaces.json")).toList())
                for (JsonNode t : JSON.readTree(f.toFile()).path("tables")) {
                    List<String> cols = new ArrayList<>();
                    t.path("columns").forEach(c -> cols.add(c.path("name").asText()));
                    for (JsonNode r : t.path("rows")) {
                        if (cols.contains("Category") && !r.get(cols.indexOf("Category")).asText().equals("AuditEvent")) continue;
                        expected.merge(r.get(cols.indexOf("TenantId")).asText(), 1L, Long::sum);
                    }
                }
        }
        assertThat(expected).hasSize(2);
        String wide = coverage("2026-08-01T00:00:00Z", "2026-12-01T00:00:00Z", true, true);
        for (JsonNode w : JSON.readTree(sample.resolve("logs/workspaces.json").toFile()).path("value")) {
            String id = w.path("properties").path("customerId").asText();
            HttpResponse ws = get(fake, FakeAzure.ARM + w.path("id").asText() + "?api-version=2022-10-01");
            assertThat(body(ws).path("properties").path("customerId").asText()).isEqualTo(id);
            long events = 0;
            for (String row : coverage(post(fake, id, wide, null))) events += JSON.readTree(row).get(1).asLong();
            assertThat(events).as(w.path("name").asText()).isEqualTo(expected.get(id));
            long facts = 0;
            for (String row : facts(post(fake, id, facts("2026-11-19T06:00:00Z", "2026-11-20T06:00:00Z", "1h", "2026-11-19T06:00:00Z", true, true), null)))
                facts += JSON.readTree(row).get(12).asLong();
            assertThat(facts).as(w.path("name").asText()).isPositive();
        }
    }
}
