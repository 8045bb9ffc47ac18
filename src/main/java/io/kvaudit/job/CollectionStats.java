package io.kvaudit.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.source.TenantSource;
import io.kvaudit.source.azure.ApiCallStats;
import io.kvaudit.source.azure.AzureSource;
import io.kvaudit.source.azure.LiveOptions;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code run.collection} of results.json and the run history: wall time per stage and, for a live scan, the API
 * calls by kind, attempts, throttled answers, retries, Key Vault challenges, the most requests in flight and the
 * limits that applied.
 */
final class CollectionStats {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CollectionStats() {}

    /** How a resumed run got its vaults: from the killed attempt's checkpoints, or read by the resuming process. */
    record Resumed(int vaultsFromCheckpoints, int vaultsRead) {}

    static LongSupplier apiCalls(TenantSource source) {
        if (source instanceof AzureSource live) return () -> live.stats().calls();
        return () -> -1;
    }

    /**
     * @param resumed for a run resumed by {@code kvaudit scan --restart}: the vaults its checkpoints gave and the
     *                vaults it read (the stage times and API calls are then the resuming process's); null otherwise
     */
    static String json(TenantSource source, Map<String, Long> stageMillis, Resumed resumed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stageMillis", new LinkedHashMap<>(stageMillis));
        if (resumed != null) m.put("resumed", resumed);
        if (source instanceof AzureSource live) {
            ApiCallStats s = live.stats();
            LiveOptions o = live.options();
            Map<String, Object> api = new LinkedHashMap<>();
            api.put("calls", s.calls());
            api.put("callsByKind", s.callsByKind());
            api.put("attempts", s.attempts());
            api.put("challenges", s.challenges());
            api.put("throttled", s.throttled());
            api.put("retries", s.retries());
            api.put("failedCalls", s.failedCalls());
            api.put("maxInFlight", s.maxInFlight());
            m.put("api", api);
            Map<String, Object> limits = new LinkedHashMap<>();
            limits.put("maxInFlight", o.maxInFlight());
            limits.put("maxInFlightPerVault", o.maxInFlightPerVault());
            limits.put("maxInFlightPerSubscription", o.maxInFlightPerSubscription());
            limits.put("maxRetries", o.maxRetries());
            m.put("limits", limits);
            m.put("auth", o.auth().label);
            m.put("objectsVia", o.objectsVia());
            m.put("resourceManager", o.endpoints().resourceManager());
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
