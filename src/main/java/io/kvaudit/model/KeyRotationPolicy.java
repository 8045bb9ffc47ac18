package io.kvaudit.model;

import java.util.List;

/** A key's rotation policy: lifetime actions and the expiry it sets on new versions (days, null if unset). */
public record KeyRotationPolicy(List<LifetimeAction> lifetimeActions, Integer expiryTimeDays) {}
