package io.kvaudit.source.azure;

import io.kvaudit.config.ConfigurationException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The credential a live scan signs in with ({@code --auth}). */
public enum AuthMethod {
    DEFAULT("default"),
    AZURE_CLI("azure-cli"),
    MANAGED_IDENTITY("managed-identity"),
    WORKLOAD_IDENTITY("workload-identity"),
    CLIENT_SECRET("client-secret"),
    CLIENT_CERTIFICATE("client-certificate");

    public final String label;

    AuthMethod(String label) { this.label = label; }

    public static String choices() {
        return Arrays.stream(values()).map(m -> m.label).collect(Collectors.joining(", "));
    }

    public static AuthMethod parse(String s) {
        if (s == null || s.isBlank()) return DEFAULT;
        for (AuthMethod m : values()) if (m.label.equalsIgnoreCase(s.strip())) return m;
        throw new ConfigurationException("--auth " + s + ": expected one of " + choices());
    }
}
