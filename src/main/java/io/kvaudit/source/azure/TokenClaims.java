package io.kvaudit.source.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Base64;

/**
 * The identity claims of an access token: tenant ({@code tid}), object id ({@code oid}) and application id
 * ({@code appid} or {@code azp}). Only these ids are kept (they name who ran the scan in the run metadata); the token
 * itself is never stored, logged or printed, and its signature is not this class's business.
 */
public record TokenClaims(String tenantId, String objectId, String applicationId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static TokenClaims of(String token) {
        try {
            String[] parts = token.split("\\.");
            if (parts.length < 2) return new TokenClaims(null, null, null);
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            String app = text(claims, "appid") != null ? text(claims, "appid") : text(claims, "azp");
            return new TokenClaims(text(claims, "tid"), text(claims, "oid"), app);
        } catch (Exception e) {
            return new TokenClaims(null, null, null);
        }
    }

    /** What the run metadata records: the object id, else the application id. */
    public String identity() {
        if (objectId != null) return objectId;
        return applicationId;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : v.asText().toLowerCase();
    }
}
