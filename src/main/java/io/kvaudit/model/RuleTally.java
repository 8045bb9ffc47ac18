package io.kvaudit.model;

/** Per-rule counts of one run, as in results.json's {@code rules} array. */
public record RuleTally(String id, String title, Severity severity, long evaluated, long passed, long failed, long muted,
                        long errors) {}
