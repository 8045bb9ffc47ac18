package io.kvaudit.model;

import java.util.List;

/** What was collected for one subscription: its vaults, role assignments and definitions, Defender plans. */
public record SubscriptionInventory(Subscription subscription, Collected<List<Vault>> vaults,
                                    Collected<List<RoleAssignment>> roleAssignments,
                                    Collected<List<RoleDefinition>> roleDefinitions,
                                    Collected<List<DefenderPlan>> defenderPlans) {}
