package io.kvaudit.model;

import java.util.Arrays;

/** What a rule evaluates; {@code key()} is the spelling used in rule files, folders and results. */
public enum ResourceKind {
    VAULT("vault"), SECRET("secret"), KEY("key"), CERTIFICATE("certificate"),
    ROLE_ASSIGNMENT("roleAssignment"), SUBSCRIPTION("subscription");

    private final String key;

    ResourceKind(String key) { this.key = key; }

    public String key() { return key; }

    public static ResourceKind fromKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst().orElse(null);
    }
}
