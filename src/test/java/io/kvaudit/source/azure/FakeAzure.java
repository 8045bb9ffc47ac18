package io.kvaudit.source.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Azure inside the JVM: an azure-core {@link HttpClient} that answers the resource manager and Key Vault REST
 * API from a snapshot directory, as Azure would. It pages lists with real absolute {@code nextLink}s (25 items per
 * data-plane page, {@link #armPageSize} on the resource manager), answers an unauthenticated Key Vault request with
 * the 401 bearer challenge, serves each object list in the shape of the endpoint asked (data plane or resource
 * manager), and serves a snapshot's error body with its HTTP status. On demand it adds latency, throttles with 429
 * and {@code Retry-After}, and refuses chosen vaults. It logs every request. No socket is opened.
 *
 * <p>Log Analytics is {@link FakeLogAnalytics}: the workspace GET on the resource manager and the query API
 * ({@code POST https://api.loganalytics.io/v1/workspaces/{customerId}/query}, the one request that is not a GET),
 * answered from the snapshot's {@code logs/}; its knobs are here too ({@link #forbidWorkspace}, {@link #throttleQueries}...).
 * {@link #throttleEvery} does not throttle queries; {@link #latency} delays them like every request.
 *
 * <p>It also answers the operations that return secret values (GetSecret and its versions) with a canary value, so
 * a test can prove that no such request was made and the canary reached no output.
 */
public final class FakeAzure implements HttpClient {

    public static final String ARM = "https://management.azure.com";
    public static final String CANARY = "KVAUDIT-CANARY-SECRET-VALUE-7f3a";

    public record Request(String method, String url, int status, boolean authorized, String kind) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUB = Pattern.compile("(?i)^/subscriptions/([^/]+)(/.*)?$");

    private final Path snapshot;
    private final String armBase;
    private final String armHost;
    private final Map<String, JsonNode> vaultsByName = new HashMap<>();
    private final Map<String, String> vaultNameByHost = new HashMap<>();
    private final java.util.Queue<Request> log = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicLong counter = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> throttledPerUrl = new ConcurrentHashMap<>();

    private volatile Duration latency = Duration.ZERO;
    private volatile int holdBeyond = -1;
    private volatile Runnable onHold;
    private final Set<String> admitted = new java.util.LinkedHashSet<>();
    private final java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile int throttleEvery = 0;
    private volatile int retryAfterSeconds = 1;
    private volatile int armPageSize = 1000;
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final Set<String> firewalled = ConcurrentHashMap.newKeySet();
    private final Set<String> errorBesideValue = ConcurrentHashMap.newKeySet();
    private final FakeLogAnalytics logAnalytics;

    public FakeAzure(Path snapshot) {
        this(snapshot, ARM);
    }

    public FakeAzure(Path snapshot, String armBase) {
        this.snapshot = snapshot;
        this.armBase = armBase;
        this.armHost = URI.create(armBase).getHost().toLowerCase(Locale.ROOT);
        this.logAnalytics = new FakeLogAnalytics(snapshot);
        for (JsonNode sub : read("subscriptions.json").path("value")) {
            JsonNode vaults = readOrNull("subscriptions/" + sub.path("subscriptionId").asText() + "/vaults.json");
            if (vaults == null) continue;
            for (JsonNode v : vaults.path("value")) {
                String name = v.path("name").asText().toLowerCase(Locale.ROOT);
                vaultsByName.put(name, v);
                String uri = v.path("properties").path("vaultUri").asText(null);
                if (uri != null) vaultNameByHost.put(URI.create(uri).getHost().toLowerCase(Locale.ROOT), name);
            }
        }
    }

    // ---- knobs

    public FakeAzure latency(Duration d) { latency = d; return this; }

    /**
     * Answers the requests of the first {@code vaults} vaults asked about and holds every request about any other vault
     * (an Azure that stopped answering) until the calling thread is interrupted; {@code onHold} runs at the first hold.
     */
    public FakeAzure holdVaultsBeyond(int vaults, Runnable onHold) {
        holdBeyond = vaults;
        this.onHold = onHold;
        return this;
    }

    /** The vault a request was about (by its resource-manager path or its data-plane host), or null. */
    public String vaultOf(String url) {
        URI u = URI.create(url);
        String host = u.getHost().toLowerCase(Locale.ROOT);
        if (!host.equals(armHost)) return vaultNameByHost.get(host);
        Matcher v = VAULT_SCOPED.matcher(URLDecoder.decode(u.getRawPath(), StandardCharsets.UTF_8));
        return v.matches() ? v.group(3).toLowerCase(Locale.ROOT) : null;
    }

    private void holdIfBeyond(HttpRequest request) throws InterruptedException {
        if (holdBeyond < 0) return;
        String vault = vaultOf(request.getUrl().toString());
        if (vault == null) return;
        synchronized (admitted) {
            if (admitted.contains(vault) || admitted.size() < holdBeyond) {
                admitted.add(vault);
                return;
            }
        }
        if (held.compareAndSet(false, true) && onHold != null) onHold.run();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Answers every n-th request with 429 and Retry-After (a request is throttled at most twice in a row). */
    public FakeAzure throttleEvery(int n, int retryAfterSeconds) { throttleEvery = n; this.retryAfterSeconds = retryAfterSeconds; return this; }

    public FakeAzure armPageSize(int n) { armPageSize = n; return this; }

    /** Every request about this vault, on either plane, gets 403 Forbidden. */
    public FakeAzure forbid(String vaultName) { forbidden.add(vaultName.toLowerCase(Locale.ROOT)); return this; }

    /** The vault's data plane refuses the caller's address (403 ForbiddenByFirewall); the resource manager still answers. */
    public FakeAzure firewall(String vaultName) { firewalled.add(vaultName.toLowerCase(Locale.ROOT)); return this; }

    /** The vault's resource-manager secret list answers 200 with a value and, beside it, an error: not a whole read. */
    public FakeAzure errorBesideValue(String vaultName) { errorBesideValue.add(vaultName.toLowerCase(Locale.ROOT)); return this; }

    // ---- Log Analytics knobs (FakeLogAnalytics)

    /** The workspace GET answers 403 AuthorizationFailed, and the workspace's queries 403 InsufficientAccessError. */
    public FakeAzure forbidWorkspace(String workspaceName) { logAnalytics.forbidWorkspace(workspaceName); return this; }

    /** Every n-th Log Analytics query answers 429 with Retry-After (a query is throttled at most twice in a row). */
    public FakeAzure throttleQueries(int everyN, int retryAfterSeconds) { logAnalytics.throttleQueries(everyN, retryAfterSeconds); return this; }

    /** The workspace's queries answer 200 with their full tables and, beside them, Log Analytics' PartialError. */
    public FakeAzure partialQueryError(String customerIdOrWorkspaceName) { logAnalytics.partialQueryError(customerIdOrWorkspaceName); return this; }

    /** A query result of more than n rows is cut to its first n and carries the PartialError (Log Analytics' row cap). */
    public FakeAzure maxQueryRows(int n) { logAnalytics.maxQueryRows(n); return this; }

    /** Each Log Analytics query takes this long, on top of {@link #latency}. */
    public FakeAzure queryLatency(Duration d) { logAnalytics.queryLatency(d); return this; }

    /** "Now" for a query timespan that is a bare duration (PT12H). */
    public FakeAzure queryClock(java.time.Clock clock) { logAnalytics.queryClock(clock); return this; }

    /** Indexes the snapshot's logs/ now instead of on the first query (for a benchmark's timings). */
    public FakeAzure preloadLogs() { logAnalytics.preload(); return this; }

    public FakeLogAnalytics logAnalytics() { return logAnalytics; }

    /** Every Log Analytics query request, with its parameters, status, rows and times. */
    public List<FakeLogAnalytics.Query> queries() { return logAnalytics.queries(); }

    public int maxConcurrentQueries() { return logAnalytics.maxConcurrentQueries(); }

    public List<Request> requests() { return List.copyOf(log); }

    public int maxInFlight() { return maxInFlight.get(); }

    // ---- HttpClient

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.fromCallable(() -> sendSync(request, Context.NONE));
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return send(request);
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            boolean authorized = request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION) != null;
            HttpResponse r;
            if (FakeLogAnalytics.HOST.equalsIgnoreCase(request.getUrl().getHost())) {
                r = logAnalytics.answer(request, authorized, latency);
            } else {
                holdIfBeyond(request);
                if (!latency.isZero()) Thread.sleep(latency.toMillis());
                r = answer(request);
            }
            log.add(new Request(request.getHttpMethod().name(), request.getUrl().toString(), r.getStatusCode(), authorized,
                    CallCounter.kind(request)));
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private HttpResponse answer(HttpRequest request) {
        URI url = URI.create(request.getUrl().toString());
        String host = url.getHost().toLowerCase(Locale.ROOT);
        String path = URLDecoder.decode(url.getRawPath(), StandardCharsets.UTF_8);
        Map<String, String> query = query(url);
        boolean authorized = request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION) != null;
        if (request.getHttpMethod() != HttpMethod.GET)
            return error(request, 405, "MethodNotAllowed", "the fake Azure answers reads only: " + request.getHttpMethod());
        if (host.equals(armHost)) {
            if (!authorized) return error(request, 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
            if (throttled(url)) return throttle(request);
            return arm(request, path, query);
        }
        String vault = vaultNameByHost.get(host);
        if (vault == null) return error(request, 404, "HostNotFound", "no vault at " + host);
        if (!authorized) {
            HttpHeaders h = json().set(HttpHeaderName.WWW_AUTHENTICATE, "Bearer authorization=\"https://login.microsoftonline.com/"
                    + FakeCredential.TENANT + "\", resource=\"https://vault.azure.net\"");
            return new FakeResponse(request, 401, h, bytes(errorBody("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.", null)));
        }
        if (throttled(url)) return throttle(request);
        return dataPlane(request, vault, path, query);
    }

    private boolean throttled(URI url) {
        if (throttleEvery <= 0) return false;
        if (counter.incrementAndGet() % throttleEvery != 0) return false;
        return throttledPerUrl.computeIfAbsent(url.toString(), k -> new AtomicInteger()).incrementAndGet() <= 2;
    }

    private HttpResponse throttle(HttpRequest request) {
        HttpHeaders h = json().set(HttpHeaderName.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        return new FakeResponse(request, 429, h, bytes(errorBody("TooManyRequests", "Rate limit is exceeded. Try again in "
                + retryAfterSeconds + " seconds.", null)));
    }

    // ---- resource manager

    private static final Pattern VAULT_SCOPED = Pattern.compile(
            "(?i)^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.KeyVault/vaults/([^/]+)(/.*)?$");

    private HttpResponse arm(HttpRequest req, String path, Map<String, String> query) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equalsIgnoreCase("/subscriptions")) return list(req, "subscriptions.json", armPageSize, null);
        if (FakeLogAnalytics.isWorkspacePath(p)) return logAnalytics.workspace(req, p);
        Matcher v = VAULT_SCOPED.matcher(p);
        if (v.matches()) {
            String vault = v.group(3).toLowerCase(Locale.ROOT);
            String rest = v.group(4) == null ? "" : v.group(4).toLowerCase(Locale.ROOT);
            if (!vaultsByName.containsKey(vault)) return error(req, 404, "ResourceNotFound", "vault " + vault + " not found");
            if (forbidden.contains(vault)) return forbiddenArm(req, p);
            String dir = "vaults/" + vault + "/";
            return switch (rest) {
                case "/providers/microsoft.insights/diagnosticsettings" -> list(req, dir + "diagnosticSettings.json", armPageSize, null);
                case "/secrets" -> errorBesideValue.contains(vault) ? errorBesideValue(req)
                        : list(req, dir + "secrets.json", armPageSize, item -> armObject(vault, "secrets", item));
                case "/keys" -> list(req, dir + "keys.json", armPageSize, item -> armObject(vault, "keys", item));
                default -> error(req, 404, "NotFound", "the fake Azure does not serve " + p);
            };
        }
        Matcher s = SUB.matcher(p);
        if (s.matches()) {
            String sub = s.group(1).toLowerCase(Locale.ROOT);
            String rest = s.group(2) == null ? "" : s.group(2).toLowerCase(Locale.ROOT);
            String dir = "subscriptions/" + sub + "/";
            return switch (rest) {
                case "/providers/microsoft.keyvault/vaults" -> list(req, dir + "vaults.json", armPageSize, null);
                case "/providers/microsoft.authorization/roleassignments" -> list(req, dir + "roleAssignments.json", armPageSize, null);
                case "/providers/microsoft.authorization/roledefinitions" -> list(req, dir + "roleDefinitions.json", armPageSize, null);
                case "/providers/microsoft.security/pricings" -> list(req, dir + "defenderPricings.json", armPageSize, null);
                default -> error(req, 404, "NotFound", "the fake Azure does not serve " + p);
            };
        }
        return error(req, 404, "NotFound", "the fake Azure does not serve " + p);
    }

    private HttpResponse errorBesideValue(HttpRequest req) {
        ObjectNode page = JSON.createObjectNode();
        page.putArray("value");
        page.set("error", errorBody("Forbidden", "The list could not be completed.", null).get("error"));
        page.putNull("nextLink");
        return new FakeResponse(req, 200, json(), bytes(page));
    }

    private HttpResponse forbiddenArm(HttpRequest req, String path) {
        return new FakeResponse(req, 403, json(), bytes(errorBody("AuthorizationFailed", "The client '" + FakeCredential.OBJECT_ID
                + "' with object id '" + FakeCredential.OBJECT_ID + "' does not have authorization to perform action "
                + "'Microsoft.KeyVault/vaults/read' over scope '" + path + "' or the scope is invalid.", null)));
    }

    // ---- Key Vault data plane

    private HttpResponse dataPlane(HttpRequest req, String vault, String path, Map<String, String> query) {
        if (forbidden.contains(vault))
            return new FakeResponse(req, 403, json(), bytes(errorBody("Forbidden", "Caller is not authorized to perform action on "
                    + "resource. If role assignments were recently changed, please wait several minutes.", "ForbiddenByRbac")));
        if (firewalled.contains(vault))
            return new FakeResponse(req, 403, json(), bytes(errorBody("Forbidden", "Client address is not authorized and caller "
                    + "is not a trusted service.", "ForbiddenByFirewall")));
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        String dir = "vaults/" + vault + "/";
        int pageSize = Math.min(25, query.containsKey("maxresults") ? Integer.parseInt(query.get("maxresults")) : 25);
        String[] seg = p.substring(1).split("/");
        if (seg.length == 1) return switch (seg[0]) {
            case "secrets" -> list(req, dir + "secrets.json", pageSize, item -> dataPlaneObject(vault, "secrets", item));
            case "keys" -> list(req, dir + "keys.json", pageSize, item -> dataPlaneObject(vault, "keys", item));
            case "certificates" -> list(req, dir + "certificates.json", pageSize, null);
            default -> error(req, 404, "NotFound", "the fake Azure does not serve " + p);
        };
        if (seg.length == 3 && seg[0].equals("keys") && seg[2].equals("rotationpolicy"))
            return single(req, dir + "keys/" + seg[1] + "/rotationpolicy.json");
        if (seg.length == 3 && seg[0].equals("certificates") && seg[2].equals("policy"))
            return single(req, dir + "certificates/" + seg[1] + "/policy.json");
        if (seg[0].equals("secrets") && (seg.length == 2 || seg.length == 3)) {
            // GetSecret: the one operation that returns a secret's value. kvaudit must never call it.
            ObjectNode bundle = JSON.createObjectNode();
            bundle.put("value", CANARY);
            bundle.put("id", "https://" + req.getUrl().getHost() + p);
            return new FakeResponse(req, 200, json(), bytes(bundle));
        }
        return error(req, 404, "NotFound", "the fake Azure does not serve " + p);
    }

    // ---- bodies

    private interface Convert { JsonNode apply(JsonNode item); }

    /** A list body from the snapshot, one page of it, with an absolute nextLink to the next page. */
    private HttpResponse list(HttpRequest req, String file, int pageSize, Convert convert) {
        JsonNode body = readOrNull(file);
        if (body == null) return error(req, 404, "NotFound", "the snapshot has no " + file);
        if (body.has("error")) return stored(req, body);
        List<JsonNode> items = new ArrayList<>();
        body.path("value").forEach(items::add);
        URI url = URI.create(req.getUrl().toString());
        int offset = 0;
        String token = query(url).get("$skiptoken");
        if (token != null) offset = JSON.valueToTree(parse(Base64.getDecoder().decode(token))).path("NextMarker").asInt();
        ObjectNode page = JSON.createObjectNode();
        ArrayNode value = page.putArray("value");
        for (int i = offset; i < Math.min(items.size(), offset + pageSize); i++)
            value.add(convert == null ? items.get(i) : convert.apply(items.get(i)));
        int next = offset + pageSize;
        if (next < items.size()) {
            String marker = Base64.getEncoder().encodeToString(("{\"NextMarker\":\"" + next + "\",\"TargetLocation\":null}")
                    .getBytes(StandardCharsets.UTF_8));
            Map<String, String> q = new LinkedHashMap<>(query(url));
            q.put("$skiptoken", marker);
            StringBuilder link = new StringBuilder(url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath() + "?");
            q.forEach((k, v) -> link.append(k).append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
            link.setLength(link.length() - 1);
            page.put("nextLink", link.toString());
        } else {
            page.putNull("nextLink");
        }
        return new FakeResponse(req, 200, json(), bytes(page));
    }

    private HttpResponse single(HttpRequest req, String file) {
        JsonNode body = readOrNull(file);
        if (body == null) return error(req, 404, "NotFound", "the snapshot has no " + file);
        if (body.has("error")) return stored(req, body);
        return new FakeResponse(req, 200, json(), bytes(body));
    }

    /** A snapshot's stored error body, with the HTTP status Azure sends for its code. */
    private HttpResponse stored(HttpRequest req, JsonNode errorBody) {
        String code = errorBody.path("error").path("code").asText("");
        int status = switch (code) {
            case "Forbidden", "AccessDenied", "AuthorizationFailed", "ForbiddenByFirewall", "ForbiddenByRbac" -> 403;
            case "Unauthorized", "AuthenticationFailed" -> 401;
            case "MissingSubscriptionRegistration", "Conflict" -> 409;
            case "TooManyRequests" -> 429;
            default -> code.endsWith("NotFound") ? 404 : 400;
        };
        return new FakeResponse(req, status, json(), bytes(errorBody));
    }

    /** A Key Vault object in the resource manager's shape, whichever shape the snapshot holds it in. */
    private JsonNode armObject(String vault, String kind, JsonNode item) {
        if (item.has("properties")) return item;
        JsonNode v = vaultsByName.get(vault);
        String name = lastSegment(item.has("kid") ? item.path("kid").asText() : item.path("id").asText(), kind);
        ObjectNode o = JSON.createObjectNode();
        o.put("id", v.path("id").asText() + "/" + kind + "/" + name);
        o.put("name", name);
        o.put("type", "Microsoft.KeyVault/vaults/" + kind);
        o.put("location", v.path("location").asText());
        if (item.has("tags")) o.set("tags", item.get("tags"));
        ObjectNode props = o.putObject("properties");
        ObjectNode attrs = props.putObject("attributes");
        // the resource manager's attributes: enabled, nbf, exp, created, updated (no recovery level)
        for (String f : List.of("enabled", "nbf", "exp", "created", "updated"))
            if (item.path("attributes").has(f)) attrs.set(f, item.path("attributes").get(f));
        if (item.has("contentType")) props.set("contentType", item.get("contentType"));
        String uri = v.path("properties").path("vaultUri").asText();
        props.put(kind.equals("secrets") ? "secretUri" : "keyUri", uri + kind + "/" + name);
        return o;
    }

    /** A Key Vault object in the data plane's list shape, whichever shape the snapshot holds it in. */
    private JsonNode dataPlaneObject(String vault, String kind, JsonNode item) {
        if (!item.has("properties")) return item;
        JsonNode v = vaultsByName.get(vault);
        String uri = v.path("properties").path("vaultUri").asText();
        ObjectNode o = JSON.createObjectNode();
        o.put(kind.equals("keys") ? "kid" : "id", uri + kind + "/" + item.path("name").asText());
        o.set("attributes", item.path("properties").path("attributes"));
        if (item.path("properties").has("contentType")) o.set("contentType", item.path("properties").get("contentType"));
        if (item.has("tags")) o.set("tags", item.get("tags"));
        return o;
    }

    private static String lastSegment(String id, String kind) {
        String[] s = id.replaceFirst("^https?://[^/]+", "").split("/");
        for (int i = 0; i < s.length - 1; i++) if (s[i].equals(kind)) return s[i + 1];
        return s[s.length - 1];
    }

    private HttpResponse error(HttpRequest req, int status, String code, String message) {
        return new FakeResponse(req, status, json(), bytes(errorBody(code, message, null)));
    }

    private static ObjectNode errorBody(String code, String message, String inner) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode err = body.putObject("error");
        err.put("code", code);
        err.put("message", message);
        if (inner != null) err.putObject("innererror").put("code", inner);
        return body;
    }

    static HttpHeaders json() {
        return new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "application/json; charset=utf-8");
    }

    static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(byte[] b) {
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode read(String relative) {
        JsonNode n = readOrNull(relative);
        if (n == null) throw new IllegalStateException(snapshot.resolve(relative) + " missing");
        return n;
    }

    /**
     * Recently read files, so that the pages of one list do not parse its file again. Bounded: the fake shares the
     * scanner's heap, and a whole tenant's files as trees would take more of it than the scanner itself.
     */
    private final Map<String, JsonNode> recent = java.util.Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) { return size() > 256; }
    });

    private JsonNode readOrNull(String relative) {
        JsonNode cached = recent.get(relative);
        if (cached != null) return cached;
        Path file = snapshot.resolve(relative);
        if (!Files.isRegularFile(file)) return null;
        try {
            JsonNode n = JSON.readTree(file.toFile());
            recent.put(relative, n);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> query(URI url) {
        Map<String, String> q = new LinkedHashMap<>();
        if (url.getRawQuery() == null) return q;
        for (String pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }
}
