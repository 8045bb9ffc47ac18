package io.kvaudit.config;

import io.kvaudit.rules.RuleOverrides;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kvaudit's one typed configuration tree ({@code kvaudit.*} in application.yaml, a --config file or the environment).
 *
 * @param threads worker threads for collection and evaluation; 0 means one per core (collection uses at least 4)
 * @param rules   per-run rule changes: param overrides, rules switched on or off
 * @param live    how live scans reach Azure (docs/authentication.md, docs/configuration.md); options on the command
 *                line win over these
 */
@ConfigurationProperties("kvaudit")
public record KvauditProperties(int threads, Rules rules, Live live) {

    public record Live(String auth, String clientId, String tenantId, String cloud, String armEndpoint, String logsEndpoint,
                       String objectsVia, Boolean objectPolicies, Integer maxInFlight, Integer maxInFlightPerVault,
                       Integer maxInFlightPerSubscription, Integer maxRetries, Integer timeoutSeconds) {
        public static final Live DEFAULTS = new Live(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public Live liveOrDefaults() { return live != null ? live : Live.DEFAULTS; }

    public record Rules(Map<String, Map<String, Object>> params, List<String> enable, List<String> disable) {}

    public int effectiveThreads() { return threads > 0 ? threads : Runtime.getRuntime().availableProcessors(); }

    public RuleOverrides ruleOverrides() {
        if (rules == null) return RuleOverrides.none();
        Map<String, Map<String, Object>> params = new LinkedHashMap<>();
        if (rules.params() != null) rules.params().forEach((k, v) -> params.put(k, v == null ? Map.of() : v));
        return new RuleOverrides(params, rules.enable() == null ? Set.of() : Set.copyOf(rules.enable()),
                rules.disable() == null ? Set.of() : Set.copyOf(rules.disable()));
    }
}
