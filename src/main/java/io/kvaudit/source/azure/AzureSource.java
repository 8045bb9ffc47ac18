package io.kvaudit.source.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.model.TenantInfo;
import io.kvaudit.source.RestTenantSource;

import java.time.Instant;
import java.util.Locale;

/**
 * Scans live Azure: the REST bodies come from the Azure SDK ({@link AzureBodies}) and map exactly as a snapshot's do.
 * {@link #connect} signs in first, so a credential that does not work stops the scan as a configuration error before
 * anything is recorded.
 */
public final class AzureSource extends RestTenantSource {

    public static final String NO_CREDENTIAL_HINT = "Choose how kvaudit signs in with --auth (" + AuthMethod.choices()
            + "; see docs/authentication.md), or try kvaudit without Azure on the demo tenant: "
            + "./kvaudit scan --snapshot samples/contoso";

    private final LiveOptions options;
    private final ApiCallStats stats;

    private AzureSource(AzureBodies bodies, LiveOptions options, ApiCallStats stats) {
        super(bodies);
        this.options = options;
        this.stats = stats;
    }

    public static AzureSource connect(LiveOptions options, AzureAccess access) {
        HttpClient http = access.httpClient(options);
        TokenCredential credential = access.credential(options, http);
        AccessToken token;
        try {
            token = credential.getTokenSync(new TokenRequestContext().addScopes(options.endpoints().resourceManagerScope())
                    .setTenantId(options.tenantId()));
        } catch (RuntimeException e) {
            throw new ConfigurationException("no usable Azure credential (--auth " + options.auth().label + "): "
                    + firstLine(e.getMessage()) + ". " + NO_CREDENTIAL_HINT);
        }
        if (token == null)
            throw new ConfigurationException("no usable Azure credential (--auth " + options.auth().label + "). " + NO_CREDENTIAL_HINT);
        // the token is read here only to take its tenant and object ids; it is not kept, logged or stored
        TokenClaims claims = TokenClaims.of(token.getToken());
        String tenantId = options.tenantId() != null ? options.tenantId().toLowerCase(Locale.ROOT) : claims.tenantId();
        if (tenantId == null)
            throw new ConfigurationException("the credential's token names no tenant; pass --tenant ID (or AZURE_TENANT_ID)");
        TenantInfo tenant = new TenantInfo(tenantId, options.endpoints().cloud(), "live", Instant.now(), claims.identity());
        ApiCallStats stats = new ApiCallStats();
        return new AzureSource(new AzureBodies(options, credential, http, tenant, stats), options, stats);
    }

    public ApiCallStats stats() { return stats; }

    public LiveOptions options() { return options; }

    /** Log Analytics, for the workspaces the inventory's diagnostic settings name. */
    @Override
    public java.util.Optional<io.kvaudit.activity.LogSource> logs() { return java.util.Optional.of(logSource(null)); }

    /** The live log source; an export passes where to write what it reads. */
    public LogAnalyticsSource logSource(io.kvaudit.source.snapshot.LogExport export) {
        AzureBodies bodies = (AzureBodies) bodies();
        // a query may run for minutes (Log Analytics allows 10): far longer than a resource-manager read
        java.time.Duration serverTimeout = java.time.Duration.ofSeconds(Math.max(180, options.timeoutSeconds()));
        return new LogAnalyticsSource(bodies, new LogAnalyticsQueries(bodies.logsPipeline(), options.endpoints().logAnalytics(),
                serverTimeout), export);
    }

    @Override
    public int parallelism(int cpuThreads) { return Math.max(cpuThreads, options.maxInFlight()); }

    private static String firstLine(String s) {
        if (s == null) return "no details";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
