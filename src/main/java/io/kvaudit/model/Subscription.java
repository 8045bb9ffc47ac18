package io.kvaudit.model;

/** An Azure subscription in scope. {@code id} is "/subscriptions/{guid}" lower-cased. */
public record Subscription(String id, String subscriptionId, String displayName, String state) {}
