package io.kvaudit.source.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issues unsigned JWT-shaped tokens naming a tenant, an object id and an app id, as Entra ID would, without any
 * network: the tests' stand-in for a real credential. Counts token requests and the scopes asked for.
 */
final class FakeCredential implements TokenCredential {

    static final String TENANT = "c733753a-0047-4a2e-9337-923e0449d9ca";
    static final String OBJECT_ID = "5d1b4e0c-7a43-4d6b-9c1e-2f0a9b8c7d61";
    static final String APP_ID = "8f2e6a10-3c4b-4e5d-a6f7-b8c9d0e1f203";

    private final Duration lifetime;
    final AtomicInteger issued = new AtomicInteger();
    final List<String> scopes = new CopyOnWriteArrayList<>();
    /** The tenant each token request named (null when it named none). */
    final List<String> tenants = new CopyOnWriteArrayList<>();

    FakeCredential(Duration lifetime) {
        this.lifetime = lifetime;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromCallable(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        issued.incrementAndGet();
        scopes.addAll(request.getScopes());
        tenants.add(request.getTenantId());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"tid\":\"" + TENANT + "\",\"oid\":\"" + OBJECT_ID + "\",\"appid\":\"" + APP_ID
                + "\",\"n\":" + issued.get() + "}").getBytes(StandardCharsets.UTF_8));
        return new AccessToken(header + "." + payload + ".fake-signature", OffsetDateTime.now().plus(lifetime));
    }
}
