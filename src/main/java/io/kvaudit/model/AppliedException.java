package io.kvaudit.model;

import java.time.LocalDate;

/** The exception (waiver) entry that muted a result. */
public record AppliedException(String reason, String owner, LocalDate expires) {}
