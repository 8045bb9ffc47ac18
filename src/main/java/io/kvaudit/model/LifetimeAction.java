package io.kvaudit.model;

/**
 * One lifetime action of a key rotation policy or certificate policy. {@code action} is as Azure gives it
 * ("Rotate", "Notify", "AutoRenew", "EmailContacts"); trigger fields are null when absent. Durations in days
 * (ISO-8601 years count 365 days, months 30).
 */
public record LifetimeAction(String action, Integer timeAfterCreateDays, Integer timeBeforeExpiryDays,
                             Integer daysBeforeExpiry, Integer lifetimePercentage) {}
