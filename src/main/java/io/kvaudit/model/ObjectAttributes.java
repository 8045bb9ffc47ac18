package io.kvaudit.model;

import java.time.Instant;

/** Key Vault object attributes shared by secrets, keys and certificates. Null times were absent. */
public record ObjectAttributes(Boolean enabled, Instant created, Instant updated, Instant expires, Instant notBefore,
                               String recoveryLevel) {}
