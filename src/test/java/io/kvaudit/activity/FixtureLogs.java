package io.kvaudit.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Writes a detector fixture's events as a Log Analytics query response in one of the shapes Key Vault's audit events
 * arrive in, so every fixture runs through the real snapshot reader and row mapper once per shape.
 */
public final class FixtureLogs {

    /** The table shapes (and claim spellings) a fixture is written in; all must give the same facts. */
    public enum Shape {
        AZURE_DIAGNOSTICS_SHORT_CLAIMS, AZURE_DIAGNOSTICS_LONG_CLAIMS, AZKV_AUDIT_LOGS
    }

    /** One line of a fixture's events: {@code repeat} events {@code every} apart from {@code at}. */
    public record EventSpec(Instant at, String vaultId, String operation, String oid, String upn, String appId, String ip,
                            String object, int status, String tls, String auth, int repeat, Duration every, String vaultUri) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private FixtureLogs() {}

    public static void write(List<EventSpec> events, Shape shape, Path file) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode table = body.putArray("tables").addObject();
        table.put("name", "PrimaryResult");
        ArrayNode columns = table.putArray("columns");
        List<String[]> cols = shape == Shape.AZKV_AUDIT_LOGS ? List.of(
                c("TimeGenerated", "datetime"), c("_ResourceId", "string"), c("OperationName", "string"), c("ResultType", "string"),
                c("CallerIpAddress", "string"), c("Identity", "dynamic"), c("Id", "string"), c("RequestUri", "string"),
                c("HttpStatusCode", "int"), c("Tlsversion", "string"), c("AddressAuthorizationType", "string"), c("Type", "string"))
                : List.of(c("TimeGenerated", "datetime"), c("ResourceId", "string"), c("Category", "string"),
                c("ResourceProvider", "string"), c("OperationName", "string"), c("ResultType", "string"),
                c("CallerIPAddress", "string"),
                c(shape == Shape.AZURE_DIAGNOSTICS_SHORT_CLAIMS ? "identity_claim_oid_g"
                        : "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g", "guid"),
                c(shape == Shape.AZURE_DIAGNOSTICS_SHORT_CLAIMS ? "identity_claim_upn_s"
                        : "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s", "string"),
                c("identity_claim_appid_g", "guid"), c("id_s", "string"), c("requestUri_s", "string"),
                c("httpStatusCode_d", "real"), c("tlsVersion_s", "string"), c("addrAuthType_s", "string"), c("Type", "string"));
        for (String[] col : cols) columns.addObject().put("name", col[0]).put("type", col[1]);
        ArrayNode rows = table.putArray("rows");
        for (EventSpec e : events) {
            for (int i = 0; i < e.repeat(); i++) {
                Instant t = e.at().plus(e.every().multipliedBy(i));
                String uri = e.object() == null ? e.vaultUri() : e.vaultUri() + e.object();
                ArrayNode r = rows.addArray();
                r.add(t.toString());
                if (shape == Shape.AZKV_AUDIT_LOGS) {
                    r.add(e.vaultId());
                    r.add(e.operation());
                    r.add(e.status() < 400 ? "Success" : "Failure");
                    r.add(e.ip());
                    ObjectNode identity = JSON.createObjectNode();
                    ObjectNode claim = identity.putObject("claim");
                    if (e.oid() != null) claim.put("oid", e.oid());
                    if (e.upn() != null) claim.put("upn", e.upn());
                    if (e.appId() != null) claim.put("appid", e.appId());
                    r.add(JSON.writeValueAsString(identity));
                    r.add(uri);
                    r.add(uri + "?api-version=7.5");
                    r.add(e.status());
                    r.add(e.tls());
                    r.add(e.auth());
                    r.add("AZKVAuditLogs");
                } else {
                    r.add(e.vaultId().toUpperCase(Locale.ROOT));
                    r.add("AuditEvent");
                    r.add("MICROSOFT.KEYVAULT");
                    r.add(e.operation());
                    r.add(e.status() < 400 ? "Success" : "Failure");
                    r.add(e.ip());
                    r.add(e.oid());
                    r.add(e.upn());
                    r.add(e.appId());
                    r.add(uri);
                    r.add(uri + "?api-version=7.5");
                    // AzureDiagnostics' real-typed status arrives as a number or, as in Microsoft's example, a string
                    if (shape == Shape.AZURE_DIAGNOSTICS_LONG_CLAIMS) r.add(String.valueOf(e.status())); else r.add((double) e.status());
                    r.add(e.tls());
                    r.add(e.auth());
                    r.add("AzureDiagnostics");
                }
            }
        }
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), body);
    }

    private static String[] c(String name, String type) { return new String[]{name, type}; }
}
