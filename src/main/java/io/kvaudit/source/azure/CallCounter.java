package io.kvaudit.source.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Pipeline policies that count what goes to Azure into {@link ApiCallStats}: {@link #calls()} sits before the retry
 * policy and sees each logical call once; {@link #attempts()} sits after it and sees every request on the wire. They
 * never block and never read headers that carry credentials.
 */
public final class CallCounter {

    private final ApiCallStats stats;

    public CallCounter(ApiCallStats stats) {
        this.stats = stats;
    }

    public HttpPipelinePolicy calls() {
        return new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                stats.call(kind(context.getHttpRequest()));
                return next.process().doOnNext(r -> { if (r.getStatusCode() >= 400) stats.failed(); })
                        .doOnError(e -> stats.failed());
            }

            @Override
            public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
                stats.call(kind(context.getHttpRequest()));
                try {
                    HttpResponse r = next.processSync();
                    if (r.getStatusCode() >= 400) stats.failed();
                    return r;
                } catch (RuntimeException e) {
                    stats.failed();
                    throw e;
                }
            }

            @Override
            public HttpPipelinePosition getPipelinePosition() { return HttpPipelinePosition.PER_CALL; }
        };
    }

    public HttpPipelinePolicy attempts() {
        return new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                boolean unauthenticated = context.getHttpRequest().getHeaders().get(HttpHeaderName.AUTHORIZATION) == null;
                return Mono.defer(() -> {
                    stats.attemptStarted();
                    int[] status = {-1};
                    return next.process().doOnNext(r -> status[0] = r.getStatusCode())
                            .doFinally(s -> stats.attemptEnded(status[0], unauthenticated && status[0] == 401));
                });
            }

            @Override
            public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
                boolean unauthenticated = context.getHttpRequest().getHeaders().get(HttpHeaderName.AUTHORIZATION) == null;
                stats.attemptStarted();
                int status = -1;
                try {
                    HttpResponse r = next.processSync();
                    status = r.getStatusCode();
                    return r;
                } finally {
                    stats.attemptEnded(status, unauthenticated && status == 401);
                }
            }

            @Override
            public HttpPipelinePosition getPipelinePosition() { return HttpPipelinePosition.PER_RETRY; }
        };
    }

    private static final Pattern ARM_SECRETS = Pattern.compile(".*/vaults/[^/]+/secrets");
    private static final Pattern ARM_KEYS = Pattern.compile(".*/vaults/[^/]+/keys");
    private static final Pattern WORKSPACE = Pattern.compile(".*/providers/microsoft\\.operationalinsights/workspaces/[^/]+");
    private static final Pattern LOGS_QUERY = Pattern.compile("/v1/workspaces/[^/]+/query");
    private static final Pattern ROTATION_POLICY = Pattern.compile("/keys/[^/]+/rotationpolicy");
    private static final Pattern CERTIFICATE_POLICY = Pattern.compile("/certificates/[^/]+/policy");

    /** The operation a request is, from its path: "vaults", "secrets (resource manager)", "certificatePolicy"... */
    static String kind(HttpRequest request) {
        String path = request.getUrl().getPath().toLowerCase(Locale.ROOT);
        if (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        boolean arm = path.startsWith("/subscriptions") || path.startsWith("/providers");
        if (arm) {
            if (path.equals("/subscriptions")) return "subscriptions";
            if (path.endsWith("/providers/microsoft.keyvault/vaults")) return "vaults";
            if (path.endsWith("/providers/microsoft.insights/diagnosticsettings")) return "diagnosticSettings";
            if (path.endsWith("/roleassignments")) return "roleAssignments";
            if (path.endsWith("/roledefinitions")) return "roleDefinitions";
            if (path.endsWith("/providers/microsoft.security/pricings")) return "defenderPricings";
            if (WORKSPACE.matcher(path).matches()) return "workspace";
            if (ARM_SECRETS.matcher(path).matches()) return "secrets (resource manager)";
            if (ARM_KEYS.matcher(path).matches()) return "keys (resource manager)";
            return "resource manager (other)";
        }
        if (LOGS_QUERY.matcher(path).matches()) return "logsQuery";
        if (path.equals("/secrets")) return "secrets (data plane)";
        if (path.equals("/keys")) return "keys (data plane)";
        if (path.equals("/certificates")) return "certificates";
        if (ROTATION_POLICY.matcher(path).matches()) return "keyRotationPolicy";
        if (CERTIFICATE_POLICY.matcher(path).matches()) return "certificatePolicy";
        return "data plane (other)";
    }
}
