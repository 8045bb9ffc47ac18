package io.kvaudit.cli;

/**
 * A command whose options are checked together as soon as they are parsed, before Spring starts and any database is
 * opened: what picocli cannot say per option (one of two options required, a range), a usage error (exit 2).
 */
public interface UsageCheck {

    /** Throws {@link picocli.CommandLine.ParameterException} for options that do not go together. */
    void checkUsage();
}
