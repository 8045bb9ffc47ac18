package io.kvaudit.source.azure;

/**
 * How a live scan reaches Azure: credential, cloud, limits and which plane lists secrets and keys.
 *
 * @param auth                  the credential ({@code --auth})
 * @param clientId              a user-assigned managed identity's client id, or the app's for the other credentials
 * @param tenantId              the tenant to sign in to (default: AZURE_TENANT_ID, else the credential's home tenant)
 * @param endpoints             resource manager, authority and Log Analytics endpoints
 * @param objectsVia            {@code resource-manager} (Reader is enough; not blocked by vault firewalls) or
 *                              {@code data-plane} for listing secrets and keys
 * @param objectPolicies        read each key's rotation policy and each certificate's policy (one call per object)
 * @param maxInFlight           requests in flight over the whole scan
 * @param maxInFlightPerVault   requests in flight to one vault
 * @param maxInFlightPerSubscription resource-manager requests in flight for one subscription
 * @param maxRetries            retries of a throttled or failed request (exponential back-off, honouring Retry-After)
 * @param timeoutSeconds        per-request response timeout
 */
public record LiveOptions(AuthMethod auth, String clientId, String tenantId, AzureEndpoints endpoints, String objectsVia,
                          boolean objectPolicies, int maxInFlight, int maxInFlightPerVault, int maxInFlightPerSubscription,
                          int maxRetries, int timeoutSeconds) {

    public static final String RESOURCE_MANAGER = "resource-manager";
    public static final String DATA_PLANE = "data-plane";

    public boolean objectsViaDataPlane() { return DATA_PLANE.equals(objectsVia); }
}
