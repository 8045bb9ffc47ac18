package io.kvaudit.source.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.util.HttpClientOptions;

import java.time.Duration;

/** The real transport (azure-core's JDK HttpClient) and the credential {@code --auth} names. */
public final class SdkAzureAccess implements AzureAccess {

    @Override
    public HttpClient httpClient(LiveOptions o) {
        return HttpClient.createDefault(new HttpClientOptions()
                .setConnectTimeout(Duration.ofSeconds(10))
                .setResponseTimeout(Duration.ofSeconds(o.timeoutSeconds()))
                .setReadTimeout(Duration.ofSeconds(o.timeoutSeconds()))
                .setMaximumConnectionPoolSize(o.maxInFlight()));
    }

    @Override
    public TokenCredential credential(LiveOptions o, HttpClient httpClient) {
        return CredentialFactory.create(o, System.getenv(), httpClient);
    }
}
