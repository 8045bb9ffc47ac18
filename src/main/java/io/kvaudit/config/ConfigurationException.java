package io.kvaudit.config;

/**
 * A usage or configuration error: bad option, malformed rule, snapshot or exception file. The message names the
 * file, the place and what was expected; the CLI prints it and exits 2 without a stack trace.
 */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) { super(message); }

    public ConfigurationException(String message, Throwable cause) { super(message, cause); }

    /** Finds a configuration error anywhere in a cause chain (Spring and Batch wrap what steps throw). */
    public static ConfigurationException findIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigurationException ce) return ce;
            if (c.getCause() == c) break;
        }
        return null;
    }
}
