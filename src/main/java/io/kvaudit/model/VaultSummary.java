package io.kvaudit.model;

import java.util.List;
import java.util.Map;

/**
 * One vault's key settings as the inventory appendix shows them, stored per run. {@code auditLogging} is
 * "workspace", "storage-only", "none" or "unknown"; object counts are null when not collected.
 */
public record VaultSummary(String id, String name, String subscriptionId, String resourceGroup, String location,
                           Boolean rbac, Boolean softDelete, Boolean purgeProtection, String publicNetworkAccess,
                           String firewallDefault, int privateEndpoints, String auditLogging, Integer secrets,
                           Integer keys, Integer certificates, Map<String, String> tags, boolean assessed,
                           List<String> reasons) {

    public static VaultSummary of(VaultInventory vi, Coverage coverage) {
        Vault v = vi.vault();
        List<String> reasons = coverage.notAssessed().stream().filter(n -> n.resourceId().equals(v.id()))
                .flatMap(n -> n.reasons().stream()).toList();
        String audit = "unknown";
        List<DiagnosticSetting> settings = vi.diagnosticSettings().orNull();
        if (settings != null) {
            List<DiagnosticSetting> auditing = settings.stream().filter(d -> d.logs().stream().anyMatch(LogSetting::sendsAuditEvent)).toList();
            audit = auditing.isEmpty() ? "none" : auditing.stream().anyMatch(d -> d.workspaceId() != null) ? "workspace" : "other-destination";
        }
        int approvedEndpoints = (int) v.privateEndpointConnections().stream().filter(p -> "Approved".equalsIgnoreCase(p.status())).count();
        return new VaultSummary(v.id(), v.name(), v.subscriptionId(), v.resourceGroup(), v.location(), v.enableRbacAuthorization(),
                v.enableSoftDelete(), v.enablePurgeProtection(), v.publicNetworkAccess(),
                v.networkAcls() == null ? null : v.networkAcls().defaultAction(), approvedEndpoints, audit,
                size(vi.secrets()), size(vi.keys()), size(vi.certificates()), v.tags(), reasons.isEmpty(), reasons);
    }

    private static Integer size(Collected<? extends List<?>> c) {
        return c.isPresent() ? c.orNull().size() : null;
    }
}
