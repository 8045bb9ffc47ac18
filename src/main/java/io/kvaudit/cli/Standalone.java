package io.kvaudit.cli;

/**
 * A command that needs no database or Spring context (it runs before, and instead of, the context). A command that
 * needs the database for some options only (verify --run) says so per invocation, from its parsed options.
 */
public interface Standalone {

    /** Whether this invocation, as parsed, runs without the context. */
    default boolean runsStandalone() { return true; }
}
