package io.kvaudit.source.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import org.springframework.context.annotation.Bean;

import org.springframework.context.annotation.Primary;

import java.time.Duration;
import java.util.Objects;

/**
 * Spring configuration (registered explicitly, never component-scanned) that points kvaudit at the fake Azure: pass it to
 * {@link io.kvaudit.KvauditApplication#run(java.util.List, String...)} after {@link #use}. The credential is a
 * {@link FakeCredential}, whatever --auth says, so no test ever reaches Entra ID or the instance metadata service.
 */

public class FakeAzureAccess {

    private static volatile FakeAzure azure;
    private static volatile FakeCredential credential;

    /** The fake the next kvaudit run in this JVM talks to, with tokens that live this long. */
    public static FakeCredential use(FakeAzure fake, Duration tokenLifetime) {
        azure = fake;
        credential = new FakeCredential(tokenLifetime);
        return credential;
    }

    @Bean
    @Primary
    public AzureAccess fakeAzure() {
        return new AzureAccess() {
            @Override
            public HttpClient httpClient(LiveOptions options) { return Objects.requireNonNull(azure, "FakeAzureAccess.use() first"); }

            @Override
            public TokenCredential credential(LiveOptions options, HttpClient httpClient) { return credential; }
        };
    }
}
