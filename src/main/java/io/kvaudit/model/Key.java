package io.kvaudit.model;

import java.util.List;
import java.util.Map;

/** A key's properties. {@code id} is "{vaultId}/keys/{name}" lower-cased. Null fields were absent. */
public record Key(String id, String name, String vaultId, ObjectAttributes attributes, String kty, Integer keySize,
                  String curve, List<String> keyOps, boolean managed, Map<String, String> tags,
                  Collected<KeyRotationPolicy> rotationPolicy) {}
