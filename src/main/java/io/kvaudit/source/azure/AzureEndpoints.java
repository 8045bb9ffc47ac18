package io.kvaudit.source.azure;

import com.azure.core.management.AzureEnvironment;
import io.kvaudit.config.ConfigurationException;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The endpoints of one Azure cloud: resource manager, Microsoft Entra authority, Log Analytics query API and the Key
 * Vault DNS suffix. {@code --cloud} picks a public cloud; {@code --arm-endpoint} and {@code --logs-endpoint} override
 * the resource manager and Log Analytics for Azure Stack Hub and private clouds. Vault URLs are never built from the
 * suffix: they come from each vault's {@code properties.vaultUri}.
 */
public record AzureEndpoints(String cloud, String resourceManager, String authorityHost, String logAnalytics,
                             String keyVaultSuffix) {

    public static final String AZURE_CLOUD = "AzureCloud";

    /** The clouds --cloud accepts, as the Azure CLI names them. */
    public static final Map<String, AzureEndpoints> CLOUDS = Map.of(
            "azurecloud", new AzureEndpoints("AzureCloud", "https://management.azure.com",
                    "https://login.microsoftonline.com", "https://api.loganalytics.io", ".vault.azure.net"),
            "azurechinacloud", new AzureEndpoints("AzureChinaCloud", "https://management.chinacloudapi.cn",
                    "https://login.chinacloudapi.cn", "https://api.loganalytics.azure.cn", ".vault.azure.cn"),
            "azureusgovernment", new AzureEndpoints("AzureUSGovernment", "https://management.usgovcloudapi.net",
                    "https://login.microsoftonline.us", "https://api.loganalytics.us", ".vault.usgovcloudapi.net"));

    public static AzureEndpoints of(String cloud, String armEndpoint, String logsEndpoint) {
        String name = cloud == null || cloud.isBlank() ? AZURE_CLOUD : cloud;
        AzureEndpoints base = CLOUDS.get(name.toLowerCase(Locale.ROOT));
        if (base == null)
            throw new ConfigurationException("--cloud " + name + ": unknown cloud; expected AzureCloud, AzureChinaCloud or "
                    + "AzureUSGovernment (use --arm-endpoint and --logs-endpoint for Azure Stack Hub and private clouds)");
        return new AzureEndpoints(base.cloud(),
                armEndpoint == null ? base.resourceManager() : url("--arm-endpoint", armEndpoint),
                base.authorityHost(),
                logsEndpoint == null ? base.logAnalytics() : url("--logs-endpoint", logsEndpoint),
                base.keyVaultSuffix());
    }

    /** The token scope of the resource manager ({@code <endpoint>/.default}). */
    public String resourceManagerScope() { return resourceManager + "/.default"; }

    /** The token scope of the Log Analytics query API ({@code <endpoint>/.default}). */
    public String logAnalyticsScope() { return logAnalytics + "/.default"; }

    /** The SDK's environment for AzureProfile, with these endpoints. */
    public AzureEnvironment environment() {
        Map<String, String> e = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        e.put("resourceManagerEndpointUrl", resourceManager + "/");
        e.put("activeDirectoryEndpointUrl", authorityHost + "/");
        e.put("logAnalyticsEndpointUrl", logAnalytics + "/");
        e.put("keyVaultDnsSuffix", keyVaultSuffix);
        return new AzureEnvironment(e);
    }

    private static String url(String option, String value) {
        try {
            URI u = URI.create(value);
            if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null)
                throw new IllegalArgumentException("not an https URL");
            String s = u.toString();
            return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(option + " " + value + ": expected an https URL such as "
                    + "https://management.local.azurestack.external");
        }
    }
}
