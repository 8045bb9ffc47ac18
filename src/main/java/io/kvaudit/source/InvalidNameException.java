package io.kvaudit.source;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonPathNode;

/**
 * A name in Azure's answer that breaks Azure's naming rule for its kind ({@link AzureNames}). In a snapshot it is a
 * malformed file like any other (exit 2); the live source turns it into a failed read of that answer instead, which
 * is why it has a type of its own.
 */
public final class InvalidNameException extends ConfigurationException {

    private final String detail;

    InvalidNameException(JsonPathNode where, String expected, String found) {
        this(where.file(), "at " + where.path() + ": expected " + expected + ", found " + JsonPathNode.quoted(found));
    }

    private InvalidNameException(String file, String detail) {
        super(file + ": " + detail);
        this.detail = detail;
    }

    /** The message without the file: where in the body and what was wrong. */
    public String detail() { return detail; }
}
