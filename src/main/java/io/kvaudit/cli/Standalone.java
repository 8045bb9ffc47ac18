package io.kvaudit.cli;

/** A command that needs no database or Spring context (it runs before, and instead of, the context). */
public interface Standalone {}
