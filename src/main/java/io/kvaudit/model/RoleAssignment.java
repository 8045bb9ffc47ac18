package io.kvaudit.model;

import java.time.Instant;

/**
 * A role assignment as ARM lists it. {@code id} and {@code scope} are lower-cased; {@code roleDefinitionGuid} is
 * the last segment of the role definition id (the same built-in role has one GUID in every subscription).
 */
public record RoleAssignment(String id, String name, String scope, String roleDefinitionId, String roleDefinitionGuid,
                             String principalId, String principalType, Instant createdOn, String subscriptionId) {}
