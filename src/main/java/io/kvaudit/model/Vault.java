package io.kvaudit.model;

import java.util.List;
import java.util.Map;

/**
 * A key vault's resource-manager properties. {@code id} is the lower-cased ARM id. Boxed fields are null when
 * Azure's answer did not carry them (the service default applies; rules decide what that means).
 */
public record Vault(
        String id, String name, String subscriptionId, String resourceGroup, String location, String tenantId,
        String vaultUri, String skuName,
        Boolean enableSoftDelete, Integer softDeleteRetentionInDays, Boolean enablePurgeProtection,
        Boolean enableRbacAuthorization,
        Boolean enabledForDeployment, Boolean enabledForDiskEncryption, Boolean enabledForTemplateDeployment,
        String publicNetworkAccess, NetworkAcls networkAcls,
        List<AccessPolicy> accessPolicies, List<PrivateEndpointConnection> privateEndpointConnections,
        Map<String, String> tags, String provisioningState) {

    /** True when the vault authorizes data access with Azure RBAC rather than access policies. */
    public boolean usesRbac() { return Boolean.TRUE.equals(enableRbacAuthorization); }
}
