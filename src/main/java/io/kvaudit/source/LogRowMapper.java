package io.kvaudit.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.model.AuditEvent;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place where Log Analytics rows become {@link AuditEvent}s, for both tables Key Vault's AuditEvent lands in
 * (docs/activity.md): AzureDiagnostics (upper-case {@code ResourceId}, flattened {@code *_s/_g/_d} columns, both
 * spellings of the identity claims) and AZKVAuditLogs ({@code _ResourceId}, {@code Identity} as JSON, which may arrive
 * as a string). Columns are found by name, so a row from a {@code union} of both tables maps too; an absent optional
 * column reads as null. A row that cannot be read throws {@link BadRow} with the reason; a row of AzureDiagnostics
 * that is not a Key Vault AuditEvent is skipped ({@link #isAuditEvent}).
 */
public final class LogRowMapper {

    /** Why a row could not be read, in words a report can show. */
    public static final class BadRow extends Exception {
        public BadRow(String message) { super(message, null, false, false); }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OID_LONG = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private static final String UPN_LONG = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";

    private static final int CACHE = 50_000;
    private final Map<String, String[]> identities = new HashMap<>();
    private final Map<String, String> lowered = new HashMap<>();
    private final int time, resourceId, operation, status, resultType, ip, objectUri, requestUri, tls, clientInfo,
            addressAuthorization, category, provider, identity, oid, oidLong, upn, upnLong, appId;

    public LogRowMapper(List<String> columns) {
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) at.putIfAbsent(columns.get(i), i);
        time = find(at, "TimeGenerated");
        resourceId = find(at, "_ResourceId", "ResourceId");
        operation = find(at, "OperationName");
        status = find(at, "HttpStatusCode", "httpStatusCode_d");
        resultType = find(at, "ResultType");
        ip = find(at, "CallerIpAddress", "CallerIPAddress");
        objectUri = find(at, "Id", "id_s");
        requestUri = find(at, "RequestUri", "requestUri_s");
        tls = find(at, "Tlsversion", "TlsVersion", "tlsVersion_s");
        clientInfo = find(at, "ClientInfo", "clientInfo_s");
        addressAuthorization = find(at, "AddressAuthorizationType", "addrAuthType_s", "addressAuthorizationType_s");
        category = find(at, "Category");
        provider = find(at, "ResourceProvider");
        identity = find(at, "Identity");
        oid = find(at, "identity_claim_oid_g");
        oidLong = find(at, "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g");
        upn = find(at, "identity_claim_upn_s");
        upnLong = find(at, "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s");
        appId = find(at, "identity_claim_appid_g");
    }

    /** The columns a table must have to hold Key Vault audit events at all; null when it has them. */
    public String missingColumns() {
        if (time < 0) return "TimeGenerated";
        if (resourceId < 0) return "_ResourceId or ResourceId";
        if (operation < 0) return "OperationName";
        return null;
    }

    /** False for an AzureDiagnostics row of another provider or category (the table holds every resource's logs). */
    public boolean isAuditEvent(String[] row) {
        String c = text(row, category), p = text(row, provider);
        return (c == null || c.equalsIgnoreCase("AuditEvent")) && (p == null || p.equalsIgnoreCase("MICROSOFT.KEYVAULT"));
    }

    /**
     * One row, its cells as text (numbers in their JSON spelling, {@code dynamic} objects as JSON text, null for null),
     * as {@link io.kvaudit.source.snapshot.SnapshotLogSource} streams them.
     */
    public AuditEvent map(String[] row) throws BadRow {
        String t = text(row, time);
        if (t == null) throw new BadRow("TimeGenerated is empty");
        Instant when = LogTimes.parse(t);
        if (when == null) throw new BadRow("TimeGenerated is not an RFC 3339 time: \"" + shorten(t) + "\"");
        String vault = lowerCached(text(row, resourceId));
        if (vault == null) throw new BadRow("ResourceId is empty");
        String op = text(row, operation);
        if (op == null) throw new BadRow("OperationName is empty");
        String callerOid = lowerCached(first(text(row, oid), text(row, oidLong)));
        String callerUpn = lowerCached(first(text(row, upn), text(row, upnLong)));
        String callerApp = lowerCached(text(row, appId));
        if (identity >= 0 && text(row, identity) != null) {
            String[] claims = claims(text(row, identity));
            if (callerOid == null) callerOid = claims[0];
            if (callerUpn == null) callerUpn = claims[1];
            if (callerApp == null) callerApp = claims[2];
        }
        String uri = first(text(row, objectUri), text(row, requestUri));
        String[] object = object(uri);
        return new AuditEvent(when, vault, op, status(row), text(row, resultType), callerOid, callerUpn, callerApp,
                text(row, ip), object[0], object[1], text(row, tls), text(row, clientInfo), text(row, addressAuthorization));
    }

    /**
     * oid, upn and appid from an {@code Identity} cell; a table holds few distinct callers, so each distinct cell is
     * parsed once (the cache is bounded: a hostile file cannot grow it without end).
     */
    private String[] claims(String cell) throws BadRow {
        String[] known = identities.get(cell);
        if (known != null) return known;
        String s = cell.strip();
        JsonNode parsed;
        try {
            parsed = JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw new BadRow("Identity is not JSON: \"" + shorten(s) + "\"");
        }
        if (parsed == null || !parsed.isObject()) throw new BadRow("Identity is not a JSON object: \"" + shorten(s) + "\"");
        JsonNode claim = parsed.path("claim");
        String[] out = {lower(first(claimText(claim, "oid"), claimText(claim, OID_LONG))),
                lower(first(claimText(claim, "upn"), claimText(claim, UPN_LONG))), lower(claimText(claim, "appid"))};
        if (identities.size() < CACHE) identities.put(cell, out);
        return out;
    }

    private static String claimText(JsonNode claim, String name) {
        JsonNode v = claim.get(name);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private int status(String[] row) throws BadRow {
        String c = text(row, status);
        if (c == null) return 0;
        String s = c.strip();
        if (s.equals("200")) return 200;
        try {
            return (int) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new BadRow("the HTTP status is not a number: \"" + shorten(s) + "\"");
        }
    }

    /** secrets/keys/certificates and the object's name from a Key Vault request URI; nulls when it names none. */
    static String[] object(String uri) {
        if (uri == null) return new String[2];
        int scheme = uri.indexOf("://");
        int path = scheme < 0 ? uri.indexOf('/') : uri.indexOf('/', scheme + 3);
        if (path < 0) return new String[2];
        int query = uri.indexOf('?', path);
        String[] seg = uri.substring(path + 1, query < 0 ? uri.length() : query).split("/");
        if (seg.length < 2 || seg[1].isEmpty()) return new String[2];
        String kind = seg[0].toLowerCase(Locale.ROOT);
        if (!kind.equals("secrets") && !kind.equals("keys") && !kind.equals("certificates")) return new String[2];
        return new String[]{kind, seg[1].toLowerCase(Locale.ROOT)};
    }

    private static int find(Map<String, Integer> at, String... names) {
        for (String n : names) {
            Integer i = at.get(n);
            if (i != null) return i;
        }
        return -1;
    }

    private static String text(String[] row, int i) {
        if (i < 0 || i >= row.length) return null;
        String s = row[i];
        return s == null || s.isBlank() ? null : s;
    }

    /** Lower-cased, remembering recent answers: the same resource ids and callers repeat on most rows. */
    private String lowerCached(String s) {
        if (s == null) return null;
        String known = lowered.get(s);
        if (known != null) return known;
        String l = s.toLowerCase(Locale.ROOT);
        if (lowered.size() < CACHE) lowered.put(s, l);
        return l;
    }

    private static String first(String a, String b) { return a != null ? a : b; }

    private static String lower(String s) { return s == null ? null : s.toLowerCase(Locale.ROOT); }

    private static String shorten(String s) { return s.length() > 60 ? s.substring(0, 60) + "…" : s; }
}
