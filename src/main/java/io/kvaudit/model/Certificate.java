package io.kvaudit.model;

import java.util.Map;

/** A certificate's properties. {@code id} is "{vaultId}/certificates/{name}" lower-cased. */
public record Certificate(String id, String name, String vaultId, ObjectAttributes attributes, String x5t,
                          String subject, Map<String, String> tags, Collected<CertificatePolicy> policy) {}
