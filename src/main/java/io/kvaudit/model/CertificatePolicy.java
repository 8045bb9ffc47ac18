package io.kvaudit.model;

import java.util.List;

/** A certificate's policy: issuer, validity, key properties and lifetime actions. Null fields were absent. */
public record CertificatePolicy(String issuerName, Integer validityInMonths, String subject, String keyType,
                                Integer keySize, String curve, Boolean exportable, Boolean reuseKey,
                                List<LifetimeAction> lifetimeActions) {}
