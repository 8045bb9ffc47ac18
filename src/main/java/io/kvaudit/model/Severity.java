package io.kvaudit.model;

import java.util.Locale;

/** Rule severity, highest first; {@code NONE} is only a gate threshold ("never fail"). */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, INFO, NONE;

    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** True when this severity is at or above the threshold (NONE as threshold matches nothing). */
    public boolean atOrAbove(Severity threshold) {
        return threshold != NONE && this != NONE && ordinal() <= threshold.ordinal();
    }

    public static Severity parse(String s) {
        return Severity.valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
