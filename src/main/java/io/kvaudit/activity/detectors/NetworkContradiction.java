package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.IpRanges;
import io.kvaudit.activity.Operations;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.NetworkAcls;
import io.kvaudit.model.Principal;
import io.kvaudit.model.Vault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Successful data-plane calls from a public address to a vault whose inventory says public network access is
 * Disabled: its isolation is not what its settings say. Calls the log marks as admitted for a trusted Azure service
 * (AddressAuthorizationType TrustedService) are the one public path Disabled leaves open, so they are not findings.
 * Control-plane calls (VaultGet...) come through the resource manager, which the vault's network rules never govern.
 */
public final class NetworkContradiction implements Detector {

    static final String TRUSTED_SERVICE = "TrustedService";
    static final String NOT_LOGGED = "not logged";

    @Override
    public String id() { return "activity-network-contradiction"; }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        Vault v = vault.vault();
        if (!"Disabled".equalsIgnoreCase(v.publicNetworkAccess())) return;
        Map<String, List<LogFact>> byCaller = new TreeMap<>();
        long trusted = 0;
        for (LogFact f : vault.facts()) {
            if (!context.window().inDetection(f.bucket()) || !f.succeeded() || !Operations.isDataPlane(f.operation())
                    || f.caller().isAnonymous() || !IpRanges.isPublic(f.callerIp())) continue;
            if (TRUSTED_SERVICE.equalsIgnoreCase(f.addressAuthorizationType())) { trusted += f.count(); continue; }
            byCaller.computeIfAbsent(f.caller().key(), k -> new ArrayList<>()).add(f);
        }
        NetworkAcls acls = v.networkAcls();
        String bypass = acls == null || acls.bypass() == null ? "not set" : acls.bypass();
        long endpoints = v.privateEndpointConnections() == null ? 0 : v.privateEndpointConnections().stream()
                .filter(p -> "Approved".equalsIgnoreCase(p.status())).count();
        long trustedExcluded = trusted;
        byCaller.forEach((key, facts) -> {
            Principal who = facts.get(facts.size() - 1).caller();
            Map<String, Long> ips = new TreeMap<>(), operations = new TreeMap<>(), admittedAs = new TreeMap<>();
            long calls = 0;
            for (LogFact f : facts) {
                ips.merge(f.callerIp(), f.count(), Long::sum);
                operations.merge(f.operation(), f.count(), Long::sum);
                admittedAs.merge(f.addressAuthorizationType() == null ? NOT_LOGGED : f.addressAuthorizationType(), f.count(), Long::sum);
                calls += f.count();
            }
            Map<String, Object> network = new LinkedHashMap<>();
            network.put("publicNetworkAccess", v.publicNetworkAccess());
            network.put("defaultAction", acls == null || acls.defaultAction() == null ? "not set" : acls.defaultAction());
            network.put("bypass", bypass);
            network.put("approvedPrivateEndpoints", endpoints);
            boolean unsure = admittedAs.containsKey(NOT_LOGGED) && "AzureServices".equalsIgnoreCase(bypass);
            out.add(new Finding(vault.id(), "vault", who, null, who.display() + " made "
                    + Plural.of(calls, "successful data-plane call") + " to " + v.name() + " from public " + (ips.size() == 1 ? "IP " : "IPs ")
                    + String.join(", ", ips.keySet()) + " although its public network access is disabled"
                    + (unsure ? " (the log does not say how the address was admitted, and the vault lets trusted Azure services bypass its firewall)" : ""),
                    Evidence.detection(context.window()).principal(who).put("calls", calls).put("publicIps", ips)
                            .put("operations", operations).put("addressAuthorizationType", admittedAs)
                            .put("network", network).put("trustedServiceCallsExcluded", trustedExcluded)
                            .examples(facts).vault(vault, context.sources()).map()));
        });
    }
}
