package io.kvaudit.source.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.http.rest.PagedIterable;
import com.azure.core.http.rest.Response;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.fluent.AuthorizationManagementClient;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.keyvault.fluent.KeyVaultManagementClient;
import com.azure.resourcemanager.monitor.MonitorManager;
import com.azure.resourcemanager.monitor.fluent.MonitorClient;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.security.keyvault.certificates.CertificateClient;
import com.azure.security.keyvault.certificates.CertificateClientBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.config.ToolVersion;
import io.kvaudit.config.JsonPathNode;
import io.kvaudit.model.TenantInfo;
import io.kvaudit.model.Vault;
import io.kvaudit.source.ArmId;
import io.kvaudit.source.AzureNames;
import io.kvaudit.source.AzureNames.Kind;
import io.kvaudit.source.AzureResponseMapper;
import io.kvaudit.source.TenantBodies;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Azure's REST bodies, read live through the Azure SDK for Java: the resource manager's service clients
 * (subscriptions, vaults, role assignments and definitions, diagnostic settings, secrets and keys) and the Key Vault
 * data-plane clients (certificates, certificate and key rotation policies; secrets and keys when configured), all
 * sharing one transport, retry policy and call counter. Only operations that list properties or read policies are
 * called: no operation that returns a secret value exists in this class.
 *
 * <p>Each read runs one SDK call to completion (the SDK follows {@code nextLink}) while {@link ResponseCapture}
 * keeps the raw pages, merged here into one body. A read that fails becomes Azure's error body, as a snapshot stores
 * it, so one vault's 403, firewall or timeout costs that vault's results, never the run. So does an answer Azure
 * cannot have sent: a page with an error beside its value, or a list naming a vault, key, secret or certificate
 * against Azure's naming rules ({@code InvalidName}). Such a name is never used: not in a request, not as a path of
 * an export, which stores the refusal as the error body it became.
 */
final class AzureBodies implements TenantBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRICINGS_API_VERSION = "2024-01-01";
    private static final String WORKSPACES_API_VERSION = "2022-10-01";
    /** Used only to reach the tenant-level subscription list through the SDK's ResourceManager. */
    private static final CompletableFuture<Void> OPEN = CompletableFuture.completedFuture(null);
    private static final String ANY_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

    private final LiveOptions options;
    private final HttpClient http;
    private final TenantInfo tenant;
    private final ResponseCapture capture = new ResponseCapture();
    private final CallCounter counter;
    private final RetryOptions retry;
    private final HttpPipeline arm;
    /** The data-plane clients of every vault share this pipeline, and so one Key Vault challenge per vault host. */
    private final HttpPipeline dataPlane;
    /** Log Analytics' query API: its own token audience, the same transport, counting and retries. */
    private final HttpPipeline logs;
    private final CallSlots slots;
    private final ObjectReads objectReads;
    private final Map<String, KeyVaultManagementClient> keyVaultClients = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationManagementClient> authorizationClients = new ConcurrentHashMap<>();
    private final Map<String, MonitorClient> monitorClients = new ConcurrentHashMap<>();
    private final Map<String, DataPlane> dataPlanes = new ConcurrentHashMap<>();
    /** Vaults whose data plane refused the connection (firewall, network): later data-plane reads reuse the answer. */
    private final Map<String, JsonNode> refused = new ConcurrentHashMap<>();
    /** Per vault: the first data-plane read answers Key Vault's 401 challenge alone; the others wait for it. */
    private final Map<String, Opening> opened = new ConcurrentHashMap<>();

    /** A vault's first data-plane read: claimed by one reader, done when its answer (or failure) is in. */
    private static final class Opening {
        final AtomicBoolean claimed = new AtomicBoolean();
        final CompletableFuture<Void> done = new CompletableFuture<>();
    }

    private record DataPlane(SecretClient secrets, KeyClient keys, CertificateClient certificates) {}

    AzureBodies(LiveOptions options, TokenCredential credential, HttpClient http, TenantInfo tenant, ApiCallStats stats) {
        this.options = options;
        this.http = http;
        this.tenant = tenant;
        this.counter = new CallCounter(stats);
        this.retry = new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(options.maxRetries())
                .setBaseDelay(Duration.ofSeconds(1)).setMaxDelay(Duration.ofSeconds(16)));
        this.arm = pipeline(new BearerTokenAuthenticationPolicy(credential, options.endpoints().resourceManagerScope()));
        this.dataPlane = pipeline(new KeyVaultChallengePolicy(credential));
        this.logs = pipeline(new BearerTokenAuthenticationPolicy(credential, options.endpoints().logAnalyticsScope()),
                LogAnalyticsQueries.rowsAside());
        this.slots = new CallSlots(options.maxInFlight(), options.maxInFlightPerVault(), options.maxInFlightPerSubscription());
        this.objectReads = new ObjectReads(options.maxInFlight(), options.maxInFlightPerVault());
    }

    /**
     * One transport, user agent, capture, counting and retry policy for every call; {@code auth} per plane; a plane's
     * own policies ({@code first}) see each call's final answer, as the capture does.
     */
    private HttpPipeline pipeline(HttpPipelinePolicy auth, HttpPipelinePolicy... first) {
        List<HttpPipelinePolicy> policies = new java.util.ArrayList<>(List.of(new UserAgentPolicy(userAgent()), new RequestIdPolicy()));
        policies.addAll(List.of(first));
        policies.addAll(List.of(capture, counter.calls(), new RetryPolicy(retry), auth, counter.attempts()));
        return new HttpPipelineBuilder().httpClient(http).policies(policies.toArray(HttpPipelinePolicy[]::new)).build();
    }

    /** The pipeline of Log Analytics queries ({@link LogAnalyticsQueries}). */
    HttpPipeline logsPipeline() { return logs; }

    private static String userAgent() { return "kvaudit/" + ToolVersion.get(); }

    @Override
    public TenantInfo tenant() { return tenant; }

    // ---- resource manager, per tenant and subscription

    @Override
    public JsonPathNode subscriptions() {
        return withValidNames(list(null, null, ctx -> ResourceManager.authenticate(arm, profile(ANY_SUBSCRIPTION))
                .withSubscription(ANY_SUBSCRIPTION).subscriptionClient().getSubscriptions().list(ctx)), Kind.SUBSCRIPTION);
    }

    @Override
    public Optional<JsonPathNode> vaults(String sub) {
        return Optional.of(withValidNames(list(sub, null, ctx -> keyVault(sub).getVaults().listBySubscription(null, ctx)), Kind.VAULT));
    }

    @Override
    public Optional<JsonPathNode> roleAssignments(String sub) {
        return Optional.of(list(sub, null, ctx -> authorization(sub).getRoleAssignments().list(null, null, ctx)));
    }

    @Override
    public Optional<JsonPathNode> roleDefinitions(String sub) {
        return Optional.of(list(sub, null, ctx -> authorization(sub).getRoleDefinitions().list("subscriptions/" + sub, null, ctx)));
    }

    /** Microsoft.Security Pricings_List, sent through the same SDK pipeline (azure-resourcemanager-security is not used). */
    @Override
    public Optional<JsonPathNode> defenderPricings(String sub) {
        String url = options.endpoints().resourceManager() + "/subscriptions/" + sub
                + "/providers/Microsoft.Security/pricings?api-version=" + PRICINGS_API_VERSION;
        return Optional.of(slots.run(sub, null, () -> {
            ResponseCapture.Pages pages = new ResponseCapture.Pages();
            try {
                // follow nextLink as the SDK's pagers do
                for (String next = url; next != null; ) {
                    try (var response = arm.sendSync(new HttpRequest(HttpMethod.GET, next), pages.context())) {
                        if (response.getStatusCode() >= 400) return failure(pages, null);
                    }
                    JsonNode page = parse(pages.last());
                    next = page == null ? null : page.path("nextLink").asText(null);
                    if (next != null && next.isBlank()) next = null;
                }
                return merged(pages);
            } catch (RuntimeException e) {
                return failure(pages, e);
            }
        }));
    }

    /**
     * Workspaces_Get (Microsoft.OperationalInsights, 2022-10-01): the workspace's customerId (the id the query API
     * wants) and retention. The id comes from a diagnostic setting: it is sent only when it is a workspace id by
     * Azure's rules (subscription GUID, resource group and workspace names), else the read is refused as InvalidName.
     */
    @Override
    public Optional<JsonPathNode> workspace(String workspaceId) {
        Optional<String> bad = AzureNames.workspaceIdProblem(workspaceId);
        if (bad.isPresent()) return Optional.of(error(workspaceId, "InvalidName", bad.get()));
        String sub = ArmId.subscriptionOf(workspaceId);
        String url = options.endpoints().resourceManager() + workspaceId + "?api-version=" + WORKSPACES_API_VERSION;
        return Optional.of(slots.run(sub, null, () -> {
            ResponseCapture.Pages pages = new ResponseCapture.Pages();
            try (var response = arm.sendSync(new HttpRequest(HttpMethod.GET, url), pages.context())) {
                if (response.getStatusCode() >= 400) return failure(pages, null);
                return single(pages);
            } catch (RuntimeException e) {
                return failure(pages, e);
            }
        }));
    }

    // ---- per vault

    @Override
    public Optional<JsonPathNode> diagnosticSettings(Vault v) {
        return Optional.of(list(v.subscriptionId(), v.id(), ctx -> monitor(v.subscriptionId()).getDiagnosticSettingsOperations()
                .list(withoutLeadingSlash(v.id()), ctx)));
    }

    @Override
    public Optional<JsonPathNode> secrets(Vault v) {
        Optional<JsonPathNode> secrets = options.objectsViaDataPlane()
                ? dataPlaneList(v, ctx -> clients(v).secrets().listPropertiesOfSecrets(ctx))
                : Optional.of(list(v.subscriptionId(), v.id(), ctx -> keyVault(v.subscriptionId()).getSecrets()
                        .list(v.resourceGroup(), v.name(), null, ctx)));
        return secrets.map(b -> withValidNames(b, Kind.SECRET));
    }

    @Override
    public Optional<JsonPathNode> keys(Vault v) {
        Optional<JsonPathNode> keys = (options.objectsViaDataPlane()
                ? dataPlaneList(v, ctx -> clients(v).keys().listPropertiesOfKeys(ctx))
                : Optional.of(list(v.subscriptionId(), v.id(), ctx -> keyVault(v.subscriptionId()).getKeys()
                        .list(v.resourceGroup(), v.name(), ctx)))).map(b -> withValidNames(b, Kind.KEY));
        if (options.objectPolicies())
            prefetch(v, keys, Kind.KEY, name -> dataPlaneSingle(v, ctx -> clients(v).keys().getKeyRotationPolicyWithResponse(name, ctx)));
        return keys;
    }

    @Override
    public Optional<JsonPathNode> keyRotationPolicy(Vault v, String keyName) {
        if (!options.objectPolicies()) return Optional.empty();
        return prefetchedOr(v, Kind.KEY, keyName,
                () -> dataPlaneSingle(v, ctx -> clients(v).keys().getKeyRotationPolicyWithResponse(keyName, ctx)));
    }

    @Override
    public Optional<JsonPathNode> certificates(Vault v) {
        Optional<JsonPathNode> certs = dataPlaneList(v, ctx -> clients(v).certificates().listPropertiesOfCertificates(false, ctx))
                .map(b -> withValidNames(b, Kind.CERTIFICATE));
        if (options.objectPolicies())
            prefetch(v, certs, Kind.CERTIFICATE, name -> dataPlaneSingle(v, ctx -> clients(v).certificates().getCertificatePolicyWithResponse(name, ctx)));
        return certs;
    }

    @Override
    public Optional<JsonPathNode> certificatePolicy(Vault v, String name) {
        if (!options.objectPolicies()) return Optional.empty();
        return prefetchedOr(v, Kind.CERTIFICATE, name,
                () -> dataPlaneSingle(v, ctx -> clients(v).certificates().getCertificatePolicyWithResponse(name, ctx)));
    }

    @Override
    public void release(Vault v) {
        objectReads.forget(v.id());
        dataPlanes.remove(v.id());
        opened.remove(v.id());
        refused.remove(v.id());
        slots.release(v.id());
    }

    @Override
    public void close() {
        objectReads.close();
    }

    // ---- per-object policies: read in parallel (within the per-vault limit) as soon as the list is known

    private void prefetch(Vault v, Optional<JsonPathNode> list, Kind kind, Function<String, Optional<JsonPathNode>> read) {
        JsonPathNode body = list.orElse(null);
        // a refused list (withValidNames) is an error body: none of its names is read
        if (body == null || AzureResponseMapper.isErrorBody(body)) return;
        Opening opening = opened.computeIfAbsent(v.id(), id -> new Opening());
        // until the vault's data plane is open, one read goes ahead to answer the challenge and the others wait in the
        // queue (not on a thread)
        boolean first = !opening.claimed.get();
        for (JsonPathNode item : body.array("value")) {
            String name = AzureResponseMapper.objectName(item, kind);
            objectReads.start(v.id(), kind + "/" + name.toLowerCase(Locale.ROOT), first ? OPEN : opening.done, () -> read.apply(name));
            first = false;
        }
    }

    private Optional<JsonPathNode> prefetchedOr(Vault v, Kind kind, String name, java.util.function.Supplier<Optional<JsonPathNode>> read) {
        return objectReads.take(v.id(), kind + "/" + name.toLowerCase(Locale.ROOT)).orElseGet(read);
    }

    // ---- reads

    private JsonPathNode list(String sub, String vaultId, Function<Context, PagedIterable<?>> call) {
        return slots.run(sub, vaultId, () -> {
            ResponseCapture.Pages pages = new ResponseCapture.Pages();
            try {
                call.apply(pages.context()).iterableByPage().forEach(page -> {});
                return merged(pages);
            } catch (RuntimeException e) {
                return failure(pages, e);
            }
        });
    }

    private Optional<JsonPathNode> dataPlaneList(Vault v, Function<Context, PagedIterable<?>> call) {
        return dataPlane(v, () -> list(null, v.id(), call));
    }

    private Optional<JsonPathNode> dataPlaneSingle(Vault v, Function<Context, Response<?>> call) {
        return dataPlane(v, () -> slots.run(null, v.id(), () -> {
            ResponseCapture.Pages pages = new ResponseCapture.Pages();
            try {
                call.apply(pages.context());
                return single(pages);
            } catch (RuntimeException e) {
                return failure(pages, e);
            }
        }));
    }

    /**
     * A data-plane read. The vault's first one runs alone: it answers Key Vault's 401 challenge, which the SDK then
     * caches for the host, so parallel reads do not each pay a challenge round trip. A refusal that applies to the
     * whole data plane (firewall, network) is remembered and answers the vault's later reads.
     */
    private Optional<JsonPathNode> dataPlane(Vault v, java.util.function.Supplier<JsonPathNode> read) {
        JsonPathNode refusal = refusal(v);
        if (refusal != null) return Optional.of(refusal);
        Opening opening = opened.computeIfAbsent(v.id(), id -> new Opening());
        boolean mine = opening.claimed.compareAndSet(false, true);
        if (!mine) {
            try {
                opening.done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            refusal = refusal(v);
            if (refusal != null) return Optional.of(refusal);
        }
        try {
            JsonPathNode body = read.get();
            remember(v, body);
            return Optional.of(body);
        } finally {
            if (mine) opening.done.complete(null);
        }
    }

    private JsonPathNode refusal(Vault v) {
        if (v.vaultUri() == null || v.vaultUri().isBlank())
            return error("GET data plane of " + v.name(), "NoVaultUri", "the vault's properties.vaultUri is empty");
        JsonNode r = refused.get(v.id());
        return r == null ? null : JsonPathNode.root(r, "data plane of " + v.name() + " (refused earlier)");
    }

    /** A firewall refusal or a network failure applies to every later data-plane read of the vault. */
    private void remember(Vault v, JsonPathNode body) {
        if (!AzureResponseMapper.isErrorBody(body)) return;
        JsonNode err = body.raw().path("error");
        String code = err.path("code").asText("");
        String inner = err.path("innererror").path("code").asText("");
        if (inner.equals("ForbiddenByFirewall") || code.equals("ForbiddenByFirewall") || code.equals("ConnectionFailed")
                || code.equals("Timeout"))
            refused.putIfAbsent(v.id(), body.raw());
    }

    /**
     * The body, or an InvalidName error body in its place when it names something against Azure's rules: such an
     * answer is not Azure's, and its names must not become requests or export paths. Refused whole, like any
     * malformed response, so the rest of the run goes on and an export stores the refusal.
     */
    private static JsonPathNode withValidNames(JsonPathNode body, Kind kind) {
        return AzureResponseMapper.invalidName(body, kind).map(e -> error(body.file(), "InvalidName", e.detail())).orElse(body);
    }

    private static JsonPathNode merged(ResponseCapture.Pages pages) {
        List<ResponseCapture.Pages.Page> all = pages.all();
        if (all.isEmpty()) return error("(no response)", "NoResponse", "the SDK call returned without a response");
        ObjectNode body = JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        for (ResponseCapture.Pages.Page p : all) {
            if (p.status() >= 400) return failure(pages, null);
            JsonNode page = parse(p);
            // an error beside a value is a failed read, as in a snapshot: the page is kept as the answer
            if (page != null && page.isObject() && page.hasNonNull("error")) return JsonPathNode.root(page, name(p));
            if (page == null || !page.path("value").isArray())
                return error(name(all.get(0)), "MalformedResponse", "expected a JSON object with a \"value\" array from "
                        + name(p));
            page.path("value").forEach(value::add);
        }
        return JsonPathNode.root(body, name(all.get(0)));
    }

    private static JsonPathNode single(ResponseCapture.Pages pages) {
        ResponseCapture.Pages.Page last = pages.last();
        if (last == null) return error("(no response)", "NoResponse", "the SDK call returned without a response");
        if (last.status() >= 400) return failure(pages, null);
        JsonNode body = parse(last);
        if (body == null || !body.isObject())
            return error(name(last), "MalformedResponse", "expected a JSON object from " + name(last));
        return JsonPathNode.root(body, name(last));
    }

    /** Azure's own error body when it sent one; otherwise an error body that names what went wrong. */
    private static JsonPathNode failure(ResponseCapture.Pages pages, RuntimeException e) {
        ResponseCapture.Pages.Page last = pages.last();
        if (last != null && last.status() >= 400) {
            JsonNode body = parse(last);
            if (body != null && body.path("error").isObject()) return JsonPathNode.root(body, name(last));
            return error(name(last), "Http" + last.status(), e != null ? Failures.firstLine(e.getMessage()) : "HTTP " + last.status());
        }
        if (e instanceof HttpResponseException h && h.getResponse() != null)
            return error(String.valueOf(h.getResponse().getRequest().getUrl()), "Http" + h.getResponse().getStatusCode(),
                    Failures.firstLine(h.getMessage()));
        String code = Failures.isTimeout(e) ? "Timeout" : "ConnectionFailed";
        return error(last != null ? name(last) : "(request)", code, e == null ? "no response" : Failures.firstLine(Failures.rootMessage(e)));
    }

    private static JsonPathNode error(String name, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode err = body.putObject("error");
        err.put("code", code);
        err.put("message", message == null ? code : message);
        return JsonPathNode.root(body, name);
    }

    private static JsonNode parse(ResponseCapture.Pages.Page p) {
        try {
            return p.body().length == 0 ? null : JSON.readTree(p.body());
        } catch (Exception e) {
            return null;
        }
    }

    /** "GET https://host/path" without the query: what error messages name. */
    private static String name(ResponseCapture.Pages.Page p) {
        URI u = URI.create(p.url());
        return p.method() + " " + u.getScheme() + "://" + u.getRawAuthority() + u.getRawPath();
    }

    /** Scope and resource-URI path parameters are inserted after a '/' by the SDK: pass them without their own. */
    private static String withoutLeadingSlash(String id) { return id.startsWith("/") ? id.substring(1) : id; }

    // ---- clients

    private AzureProfile profile(String subscriptionId) {
        return new AzureProfile(tenant.tenantId(), subscriptionId, options.endpoints().environment());
    }

    private KeyVaultManagementClient keyVault(String sub) {
        return keyVaultClients.computeIfAbsent(sub, s -> KeyVaultManager.authenticate(arm, profile(s)).serviceClient());
    }

    private AuthorizationManagementClient authorization(String sub) {
        return authorizationClients.computeIfAbsent(sub, s -> AuthorizationManager.authenticate(arm, profile(s)).roleServiceClient());
    }

    private MonitorClient monitor(String sub) {
        return monitorClients.computeIfAbsent(sub, s -> MonitorManager.authenticate(arm, profile(s)).serviceClient());
    }

    private DataPlane clients(Vault v) {
        return dataPlanes.computeIfAbsent(v.id(), id -> new DataPlane(
                new SecretClientBuilder().vaultUrl(v.vaultUri()).pipeline(dataPlane).buildClient(),
                new KeyClientBuilder().vaultUrl(v.vaultUri()).pipeline(dataPlane).buildClient(),
                new CertificateClientBuilder().vaultUrl(v.vaultUri()).pipeline(dataPlane).buildClient()));
    }

}
