package io.kvaudit.cli;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.KvauditProperties;
import io.kvaudit.source.azure.AuthMethod;
import io.kvaudit.source.azure.AzureEndpoints;
import io.kvaudit.source.azure.LiveOptions;
import picocli.CommandLine.Option;

/**
 * How a live scan or an export reaches Azure. Each option overrides the matching {@code kvaudit.live.*} setting
 * (application.yaml, --config); see docs/authentication.md.
 */
public class AzureOptions {

    @Option(names = "--auth", paramLabel = "METHOD",
            description = "Credential: default, azure-cli, managed-identity, workload-identity, client-secret, client-certificate "
                    + "(default: kvaudit.live.auth, else default).")
    String auth;

    @Option(names = "--client-id", paramLabel = "ID",
            description = "Client id: a user-assigned managed identity's, or the app's (else AZURE_CLIENT_ID).")
    String clientId;

    @Option(names = "--tenant", paramLabel = "ID", description = "Tenant to sign in to (else AZURE_TENANT_ID, else the credential's).")
    String tenant;

    @Option(names = "--cloud", paramLabel = "NAME", description = "AzureCloud, AzureChinaCloud or AzureUSGovernment (default: AzureCloud).")
    String cloud;

    @Option(names = "--arm-endpoint", paramLabel = "URL", description = "Resource manager endpoint (Azure Stack Hub, private clouds).")
    String armEndpoint;

    @Option(names = "--logs-endpoint", paramLabel = "URL", description = "Log Analytics query endpoint (Azure Stack Hub, private clouds).")
    String logsEndpoint;

    @Option(names = "--objects-via", paramLabel = "PLANE",
            description = "Where secrets and keys are listed: resource-manager (Reader is enough, not blocked by vault firewalls) "
                    + "or data-plane (default: resource-manager).")
    String objectsVia;

    @Option(names = "--max-in-flight", paramLabel = "N", description = "Requests to Azure in flight at once (default: 64).")
    Integer maxInFlight;

    /** These options over the configured {@code kvaudit.live} settings; a bad value is a configuration error. */
    public LiveOptions resolve(KvauditProperties.Live p) {
        AuthMethod method = AuthMethod.parse(first(auth, p.auth()));
        AzureEndpoints endpoints = AzureEndpoints.of(first(cloud, p.cloud()), first(armEndpoint, p.armEndpoint()),
                first(logsEndpoint, p.logsEndpoint()));
        String via = first(objectsVia, p.objectsVia());
        if (via == null) via = LiveOptions.RESOURCE_MANAGER;
        if (!via.equals(LiveOptions.RESOURCE_MANAGER) && !via.equals(LiveOptions.DATA_PLANE))
            throw new ConfigurationException("--objects-via " + via + ": expected resource-manager or data-plane");
        int inFlight = positive("--max-in-flight", maxInFlight != null ? maxInFlight : orDefault(p.maxInFlight(), 64));
        return new LiveOptions(method, first(clientId, p.clientId()), first(tenant, p.tenantId()), endpoints, via,
                p.objectPolicies() == null || p.objectPolicies(), inFlight,
                positive("kvaudit.live.max-in-flight-per-vault", Math.min(orDefault(p.maxInFlightPerVault(), 16), inFlight)),
                positive("kvaudit.live.max-in-flight-per-subscription", Math.min(orDefault(p.maxInFlightPerSubscription(), 32), inFlight)),
                Math.max(0, orDefault(p.maxRetries(), 6)), positive("kvaudit.live.timeout-seconds", orDefault(p.timeoutSeconds(), 60)));
    }

    private static int positive(String what, int v) {
        if (v < 1) throw new ConfigurationException(what + " " + v + ": expected a positive number");
        return v;
    }

    private static int orDefault(Integer v, int d) { return v == null ? d : v; }

    private static String first(String a, String b) { return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null; }
}
