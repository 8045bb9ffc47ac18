package io.kvaudit.source.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared Key Vault challenge policy: one challenge per host, and never a token for a host outside the
 * challenge's resource domain.
 */
class KeyVaultChallengePolicyTest {

    /** A Key Vault that challenges unauthenticated requests with the given header; records what it was sent. */
    private static final class Vault implements HttpClient {
        final String challenge;
        final List<String> seen = new CopyOnWriteArrayList<>();

        Vault(String challenge) { this.challenge = challenge; }

        @Override
        public Mono<HttpResponse> send(HttpRequest request) {
            String auth = request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION);
            seen.add(request.getUrl().getHost() + " " + (auth == null ? "-" : "token"));
            if (auth == null)
                return Mono.just(new FakeResponse(request, 401, new HttpHeaders().set(HttpHeaderName.WWW_AUTHENTICATE, challenge), new byte[0]));
            return Mono.just(new FakeResponse(request, 200, new HttpHeaders(), "{\"value\":[]}".getBytes()));
        }
    }

    private static HttpPipeline pipeline(Vault vault, FakeCredential credential) {
        return new HttpPipelineBuilder().httpClient(vault).policies(new KeyVaultChallengePolicy(credential)).build();
    }

    private static int get(HttpPipeline p, String url) {
        try (HttpResponse r = p.sendSync(new HttpRequest(HttpMethod.GET, url), com.azure.core.util.Context.NONE)) {
            return r.getStatusCode();
        }
    }

    @Test
    void answersTheChallengeOncePerHostWithTheScopeAndTenantItNames() {
        Vault vault = new Vault("Bearer authorization=\"https://login.microsoftonline.com/" + FakeCredential.TENANT
                + "\", resource=\"https://vault.azure.net\"");
        FakeCredential credential = new FakeCredential(java.time.Duration.ofHours(1));
        HttpPipeline p = pipeline(vault, credential);

        assertThat(get(p, "https://a.vault.azure.net/keys/k/rotationpolicy")).isEqualTo(200);
        assertThat(get(p, "https://a.vault.azure.net/certificates")).isEqualTo(200);
        assertThat(get(p, "https://b.vault.azure.net/certificates")).isEqualTo(200);

        assertThat(vault.seen).containsExactly(
                "a.vault.azure.net -", "a.vault.azure.net token", "a.vault.azure.net token",
                "b.vault.azure.net -", "b.vault.azure.net token");
        assertThat(credential.scopes).containsOnly("https://vault.azure.net/.default");
        assertThat(credential.tenants).containsOnly(FakeCredential.TENANT);
    }

    @Test
    void neverSendsATokenToAHostOutsideTheChallengesResourceDomain() {
        Vault rogue = new Vault("Bearer authorization=\"https://login.microsoftonline.com/" + FakeCredential.TENANT
                + "\", resource=\"https://vault.azure.net\"");
        FakeCredential credential = new FakeCredential(java.time.Duration.ofHours(1));
        HttpPipeline p = pipeline(rogue, credential);

        assertThat(get(p, "https://vault.azure.net.attacker.example/secrets")).isEqualTo(401);
        assertThat(get(p, "https://attacker.example/secrets")).isEqualTo(401);
        assertThat(rogue.seen).allMatch(s -> s.endsWith(" -"));
        assertThat(credential.scopes).isEmpty();
    }

    @Test
    void readsScopeStyleChallengesAndIgnoresOtherSchemes() {
        assertThat(KeyVaultChallengePolicy.parse("Basic realm=\"x\"")).isNull();
        assertThat(KeyVaultChallengePolicy.parse("Bearer authorization=\"https://login.microsoftonline.us/t\", scope=\"https://vault.usgovcloudapi.net/.default\""))
                .containsEntry("scope", "https://vault.usgovcloudapi.net/.default")
                .containsEntry("authorization", "https://login.microsoftonline.us/t");
        assertThat(KeyVaultChallengePolicy.hostUnder("x.vault.usgovcloudapi.net", "https://vault.usgovcloudapi.net/.default")).isTrue();
        assertThat(KeyVaultChallengePolicy.hostUnder("x.vault.azure.net", "https://vault.usgovcloudapi.net/.default")).isFalse();
        assertThat(KeyVaultChallengePolicy.hostUnder("xvault.azure.net", "https://vault.azure.net")).isFalse();
    }
}
