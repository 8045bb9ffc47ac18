package io.kvaudit.source.azure;

import io.kvaudit.cli.Cli;
import io.kvaudit.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Credentials and clouds. None of these tests lets a credential send a request: they stop at what a credential is
 * missing (environment variables, the Azure CLI), so nothing reaches Entra ID or the instance metadata service.
 */
class AuthenticationTest {

    static LiveOptions options(AuthMethod m, String cloud) {
        return new LiveOptions(m, null, null, AzureEndpoints.of(cloud, null, null), LiveOptions.RESOURCE_MANAGER, true,
                64, 16, 32, 6, 60);
    }

    @Test
    void cloudsDeriveEveryEndpoint() {
        AzureEndpoints china = AzureEndpoints.of("AzureChinaCloud", null, null);
        assertThat(china.resourceManager()).isEqualTo("https://management.chinacloudapi.cn");
        assertThat(china.authorityHost()).isEqualTo("https://login.chinacloudapi.cn");
        assertThat(china.logAnalytics()).isEqualTo("https://api.loganalytics.azure.cn");
        assertThat(china.resourceManagerScope()).isEqualTo("https://management.chinacloudapi.cn/.default");
        AzureEndpoints gov = AzureEndpoints.of("azureusgovernment", null, null);
        assertThat(gov.cloud()).isEqualTo("AzureUSGovernment");
        assertThat(gov.resourceManager()).isEqualTo("https://management.usgovcloudapi.net");
        assertThat(gov.environment().getResourceManagerEndpoint()).isEqualTo("https://management.usgovcloudapi.net/");
        AzureEndpoints stack = AzureEndpoints.of(null, "https://management.local.azurestack.external/", "https://logs.local.example");
        assertThat(stack.resourceManager()).isEqualTo("https://management.local.azurestack.external");
        assertThat(stack.logAnalytics()).isEqualTo("https://logs.local.example");
        assertThatThrownBy(() -> AzureEndpoints.of("Mars", null, null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AzureCloud, AzureChinaCloud or AzureUSGovernment");
        assertThatThrownBy(() -> AzureEndpoints.of(null, "http://management.local", null)).hasMessageContaining("https URL");
    }

    @Test
    void aCredentialMissingItsVariablesNamesThem() {
        assertThatThrownBy(() -> CredentialFactory.create(options(AuthMethod.CLIENT_SECRET, null), Map.of(), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AZURE_TENANT_ID").hasMessageContaining("AZURE_CLIENT_ID").hasMessageContaining("AZURE_CLIENT_SECRET")
                .hasMessageContaining("--auth").hasMessageContaining("samples/contoso");
        assertThatThrownBy(() -> CredentialFactory.create(options(AuthMethod.CLIENT_CERTIFICATE, null),
                Map.of("AZURE_TENANT_ID", "t", "AZURE_CLIENT_ID", "c", "AZURE_CLIENT_CERTIFICATE_PATH", "/nonexistent/cert.pem"), null))
                .hasMessageContaining("/nonexistent/cert.pem").hasMessageContaining("not found");
        assertThatThrownBy(() -> CredentialFactory.create(options(AuthMethod.WORKLOAD_IDENTITY, null), Map.of("AZURE_TENANT_ID", "t"), null))
                .hasMessageContaining("AZURE_CLIENT_ID").hasMessageContaining("AZURE_FEDERATED_TOKEN_FILE");
        assertThatThrownBy(() -> AuthMethod.parse("password")).hasMessageContaining("default, azure-cli, managed-identity");
    }

    @Test
    void aScanWithoutAUsableCredentialExitsTwoWithTheChoices() throws Exception {
        assumeTrue(System.getenv("AZURE_CLIENT_SECRET") == null && System.getenv("AZURE_CLIENT_ID") == null,
                "the environment already holds a service principal");
        Path tmp = Files.createTempDirectory("kvaudit-auth");
        String db = "jdbc:h2:file:" + tmp.resolve("db");
        Cli.Run run = Cli.run("scan", "--auth", "client-secret", "--db-url", db, "--out", tmp.resolve("out").toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--auth client-secret needs").contains("AZURE_CLIENT_SECRET")
                .contains("./kvaudit scan --snapshot samples/contoso").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Cli.run("history", "--db-url", db).out()).doesNotContain("RUNNING");
    }

    @Test
    void theAzureCliCredentialWithoutTheCliIsAConfigurationError() throws Exception {
        boolean az = Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, "az")));
        assumeTrue(!az, "the Azure CLI is installed here");
        Path tmp = Files.createTempDirectory("kvaudit-auth");
        Cli.Run run = Cli.run("scan", "--auth", "azure-cli", "--db-url", "jdbc:h2:file:" + tmp.resolve("db"), "--out", tmp.resolve("out").toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("no usable Azure credential (--auth azure-cli)").contains("--auth (default, azure-cli");
    }

    @Test
    void badLiveOptionsAreUsageErrors() throws Exception {
        Path tmp = Files.createTempDirectory("kvaudit-auth");
        String db = "jdbc:h2:file:" + tmp.resolve("db");
        for (String[] args : new String[][]{{"--cloud", "Mars"}, {"--auth", "password"}, {"--objects-via", "carrier-pigeon"},
                {"--arm-endpoint", "http://insecure.example"}, {"--max-in-flight", "0"}}) {
            Cli.Run run = Cli.run("scan", args[0], args[1], "--db-url", db);
            assertThat(run.exit()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains(args[0]);
        }
    }

    @Test
    void tokenClaimsGiveTheIdentityNeverTheToken() {
        String token = new FakeCredential(java.time.Duration.ofMinutes(5)).getTokenSync(
                new com.azure.core.credential.TokenRequestContext().addScopes("x")).getToken();
        TokenClaims claims = TokenClaims.of(token);
        assertThat(claims.tenantId()).isEqualTo(FakeCredential.TENANT);
        assertThat(claims.identity()).isEqualTo(FakeCredential.OBJECT_ID);
        assertThat(TokenClaims.of("not-a-jwt").identity()).isNull();
    }
}
