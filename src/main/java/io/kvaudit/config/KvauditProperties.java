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
 */
@ConfigurationProperties("kvaudit")
public record KvauditProperties(int threads, Rules rules) {

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
