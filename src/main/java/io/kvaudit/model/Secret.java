package io.kvaudit.model;

import java.util.Map;

/**
 * A secret's properties, never its value. {@code id} is "{vaultId}/secrets/{name}" lower-cased;
 * {@code managed} is true for a secret that backs a certificate.
 */
public record Secret(String id, String name, String vaultId, ObjectAttributes attributes, String contentType,
                     boolean managed, Map<String, String> tags) {}
