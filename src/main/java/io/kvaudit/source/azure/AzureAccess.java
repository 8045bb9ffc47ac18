package io.kvaudit.source.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;

/**
 * How kvaudit reaches Azure: the HTTP transport every SDK client sends through and the credential that signs the
 * requests. Production uses {@link SdkAzureAccess}; the tests replace it with a fake Azure inside the JVM.
 */
public interface AzureAccess {

    HttpClient httpClient(LiveOptions options);

    TokenCredential credential(LiveOptions options, HttpClient httpClient);
}
