package io.kvaudit.source.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.kvaudit.config.ConfigurationException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the credential {@code --auth} names, from the standard AZURE_* environment variables the Azure SDK documents.
 * What a credential needs and does not have is a configuration error naming the missing variables; nothing here
 * asks for a token.
 */
public final class CredentialFactory {

    static final String TENANT = "AZURE_TENANT_ID";
    static final String CLIENT = "AZURE_CLIENT_ID";
    static final String SECRET = "AZURE_CLIENT_SECRET";
    static final String CERT = "AZURE_CLIENT_CERTIFICATE_PATH";
    static final String CERT_PASSWORD = "AZURE_CLIENT_CERTIFICATE_PASSWORD";
    static final String FEDERATED_TOKEN = "AZURE_FEDERATED_TOKEN_FILE";

    private CredentialFactory() {}

    public static TokenCredential create(LiveOptions o, Map<String, String> env, HttpClient http) {
        String authority = o.endpoints().authorityHost();
        String tenant = first(o.tenantId(), env.get(TENANT));
        String client = first(o.clientId(), env.get(CLIENT));
        return switch (o.auth()) {
            case DEFAULT -> {
                var b = new DefaultAzureCredentialBuilder().authorityHost(authority).httpClient(http);
                if (tenant != null) b.tenantId(tenant);
                if (client != null) b.managedIdentityClientId(client);
                yield b.build();
            }
            case AZURE_CLI -> {
                var b = new AzureCliCredentialBuilder();
                if (tenant != null) b.tenantId(tenant);
                yield b.build();
            }
            case MANAGED_IDENTITY -> {
                var b = new ManagedIdentityCredentialBuilder().httpClient(http);
                if (client != null) b.clientId(client);
                yield b.build();
            }
            case WORKLOAD_IDENTITY -> {
                require(o.auth(), env, tenant, client, FEDERATED_TOKEN);
                yield new WorkloadIdentityCredentialBuilder().authorityHost(authority).httpClient(http).tenantId(tenant)
                        .clientId(client).tokenFilePath(env.get(FEDERATED_TOKEN)).build();
            }
            case CLIENT_SECRET -> {
                require(o.auth(), env, tenant, client, SECRET);
                yield new ClientSecretCredentialBuilder().authorityHost(authority).httpClient(http).tenantId(tenant)
                        .clientId(client).clientSecret(env.get(SECRET)).build();
            }
            case CLIENT_CERTIFICATE -> {
                require(o.auth(), env, tenant, client, CERT);
                Path cert = Path.of(env.get(CERT));
                if (!Files.isReadable(cert))
                    throw new ConfigurationException(CERT + "=" + cert + ": file not found or not readable (a PEM or PFX file "
                            + "with the certificate and its private key)");
                var b = new ClientCertificateCredentialBuilder().authorityHost(authority).httpClient(http).tenantId(tenant)
                        .clientId(client);
                String name = cert.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".pfx") || name.endsWith(".p12")) b.pfxCertificate(cert.toString()).clientCertificatePassword(env.get(CERT_PASSWORD));
                else b.pemCertificate(cert.toString());
                yield b.build();
            }
        };
    }

    private static void require(AuthMethod m, Map<String, String> env, String tenant, String client, String variable) {
        List<String> missing = new ArrayList<>();
        if (tenant == null) missing.add(TENANT + " (or --tenant)");
        if (client == null) missing.add(CLIENT + " (or --client-id)");
        if (blank(env.get(variable))) missing.add(variable);
        if (!missing.isEmpty())
            throw new ConfigurationException("--auth " + m.label + " needs " + String.join(", ", missing)
                    + " in the environment. " + AzureSource.NO_CREDENTIAL_HINT);
    }

    private static String first(String a, String b) { return !blank(a) ? a : blank(b) ? null : b; }

    private static boolean blank(String s) { return s == null || s.isBlank(); }
}
