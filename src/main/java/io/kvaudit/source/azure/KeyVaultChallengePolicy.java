package io.kvaudit.source.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key Vault's bearer challenge, answered once per vault host for all three data-plane clients (secrets, keys and
 * certificates share one pipeline; each SDK library would otherwise answer its own challenge, two or three round trips
 * per vault instead of one).
 *
 * <p>A host's first request goes out without a token. Key Vault answers 401 with {@code WWW-Authenticate: Bearer
 * authorization="https://login.../TENANT", resource="https://vault.azure.net"} (or {@code scope=...}). The token is
 * requested for that scope and tenant only if the requested host lies under the challenge's resource domain, so a
 * host can never obtain a token for another service; the answer is then cached for the host. This is the protocol of
 * the SDK's own (internal) {@code KeyVaultCredentialPolicy}, built on azure-core's documented extension points.
 */
final class KeyVaultChallengePolicy extends BearerTokenAuthenticationPolicy {

    private static final Pattern PARAMETER = Pattern.compile("(\\w+)\\s*=\\s*\"([^\"]*)\"");

    /** Per vault host ("name.vault.azure.net"): the token request its challenge asked for. */
    private final Map<String, TokenRequestContext> byHost = new ConcurrentHashMap<>();

    KeyVaultChallengePolicy(TokenCredential credential) {
        super(credential);
    }

    @Override
    public Mono<Void> authorizeRequest(HttpPipelineCallContext context) {
        TokenRequestContext known = byHost.get(host(context));
        return known == null ? Mono.empty() : setAuthorizationHeader(context, known);
    }

    @Override
    public void authorizeRequestSync(HttpPipelineCallContext context) {
        TokenRequestContext known = byHost.get(host(context));
        if (known != null) setAuthorizationHeaderSync(context, known);
    }

    @Override
    public Mono<Boolean> authorizeRequestOnChallenge(HttpPipelineCallContext context, HttpResponse response) {
        TokenRequestContext answer = answer(context, response);
        if (answer == null) return Mono.just(false);
        return setAuthorizationHeader(context, answer).thenReturn(true);
    }

    @Override
    public boolean authorizeRequestOnChallengeSync(HttpPipelineCallContext context, HttpResponse response) {
        TokenRequestContext answer = answer(context, response);
        if (answer == null) return false;
        setAuthorizationHeaderSync(context, answer);
        return true;
    }

    /** The token request a challenge asks for, or null when the challenge is not one this host may make. */
    private TokenRequestContext answer(HttpPipelineCallContext context, HttpResponse response) {
        Map<String, String> challenge = parse(response.getHeaderValue(HttpHeaderName.WWW_AUTHENTICATE));
        if (challenge == null) return null;
        String scope = challenge.get("scope");
        String resource = scope != null ? scope : challenge.get("resource");
        if (resource == null || !hostUnder(context.getHttpRequest().getUrl().getHost().toLowerCase(Locale.ROOT), resource))
            return null;
        if (scope == null) scope = resource.endsWith("/") ? resource + ".default" : resource + "/.default";
        TokenRequestContext request = new TokenRequestContext().addScopes(scope);
        String tenant = tenantOf(challenge.getOrDefault("authorization", challenge.get("authorization_uri")));
        if (tenant != null) request.setTenantId(tenant);
        String claims = challenge.get("claims");
        if (claims != null) {
            // a continuous-access-evaluation challenge: ask for a token with these claims, once, for this request
            request.setClaims(new String(Base64.getUrlDecoder().decode(claims), StandardCharsets.UTF_8)).setCaeEnabled(true);
            return request;
        }
        byHost.put(host(context), request);
        return request;
    }

    /** The parameters of a "Bearer k="v", ..." challenge; null for any other scheme. */
    static Map<String, String> parse(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        Map<String, String> out = new HashMap<>();
        Matcher m = PARAMETER.matcher(header.substring(7));
        while (m.find()) out.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        return out;
    }

    /** "x.vault.azure.net" lies under "https://vault.azure.net" (or its ".default" scope); "x.evil.net" does not. */
    static boolean hostUnder(String host, String resourceOrScope) {
        String resourceHost;
        try {
            resourceHost = URI.create(resourceOrScope).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (resourceHost == null || host == null) return false;
        resourceHost = resourceHost.toLowerCase(Locale.ROOT);
        return host.equals(resourceHost) || host.endsWith("." + resourceHost);
    }

    private static String tenantOf(String authorization) {
        if (authorization == null) return null;
        String path = URI.create(authorization).getPath();
        if (path == null) return null;
        String[] parts = path.split("/");
        for (String p : parts) if (!p.isBlank()) return p;
        return null;
    }

    private static String host(HttpPipelineCallContext context) {
        String host = context.getHttpRequest().getUrl().getHost();
        int port = context.getHttpRequest().getUrl().getPort();
        return (port > 0 ? host + ":" + port : host).toLowerCase(Locale.ROOT);
    }
}
