package io.kvaudit.config;

import io.kvaudit.rules.RuleOverrides;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kvaudit's one typed configuration tree ({@code kvaudit.*} in application.yaml, a --config file or the environment).
 *
 * @param threads worker threads for collection and evaluation; 0 or unset means one per core (collection uses at least 4)
 * @param rules   per-run rule changes: param overrides, rules switched on or off
 * @param live    how live scans reach Azure (docs/authentication.md, docs/configuration.md); options on the command
 *                line win over these
 * @param notification {@code kvaudit.notify}: the end-of-scan webhook notification (docs/notifications.md);
 *                --notify-webhook wins over its URL
 *
 * <p>The constructors check ranges and choices ({@link ConfigKeys}) as Spring binds: a --config file was checked
 * before, with line:column ({@link ConfigFile}); this catches the same mistakes in environment variables
 * ({@code KVAUDIT_THREADS=-5}) and system properties.
 */
@ConfigurationProperties("kvaudit")
public record KvauditProperties(Integer threads, Rules rules, Live live, @Name("notify") Notify notification) {

    public KvauditProperties {
        ConfigKeys.check("kvaudit.threads", threads);
    }

    public record Live(String auth, String clientId, String tenantId, String cloud, String armEndpoint, String logsEndpoint,
                       String objectsVia, Boolean objectPolicies, Integer maxInFlight, Integer maxInFlightPerVault,
                       Integer maxInFlightPerSubscription, Integer maxRetries, Integer timeoutSeconds) {
        public Live {
            ConfigKeys.check("kvaudit.live.auth", auth);
            ConfigKeys.check("kvaudit.live.cloud", cloud);
            ConfigKeys.check("kvaudit.live.objects-via", objectsVia);
            ConfigKeys.check("kvaudit.live.object-policies", objectPolicies);
            ConfigKeys.check("kvaudit.live.max-in-flight", maxInFlight);
            ConfigKeys.check("kvaudit.live.max-in-flight-per-vault", maxInFlightPerVault);
            ConfigKeys.check("kvaudit.live.max-in-flight-per-subscription", maxInFlightPerSubscription);
            ConfigKeys.check("kvaudit.live.max-retries", maxRetries);
            ConfigKeys.check("kvaudit.live.timeout-seconds", timeoutSeconds);
        }

        public static final Live DEFAULTS = new Live(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public Live liveOrDefaults() { return live != null ? live : Live.DEFAULTS; }

    /**
     * @param webhook        where scans post their summary (https; http to loopback only); none when unset
     * @param attempts       tries per notification, 1 to 10 (default 3)
     * @param timeoutSeconds per attempt, 1 to 300 (default 10)
     */
    public record Notify(String webhook, Integer attempts, Integer timeoutSeconds) {
        public Notify {
            ConfigKeys.check("kvaudit.notify.webhook", webhook);
            ConfigKeys.check("kvaudit.notify.attempts", attempts);
            ConfigKeys.check("kvaudit.notify.timeout-seconds", timeoutSeconds);
        }

        public static final Notify DEFAULTS = new Notify(null, null, null);

        public int attemptsOrDefault() { return attempts != null ? attempts : 3; }

        public int timeoutSecondsOrDefault() { return timeoutSeconds != null ? timeoutSeconds : 10; }
    }

    public Notify notifyOrDefaults() { return notification != null ? notification : Notify.DEFAULTS; }

    public record Rules(Map<String, Map<String, Object>> params, List<String> enable, List<String> disable) {}

    public int effectiveThreads() { return threads != null && threads > 0 ? threads : Runtime.getRuntime().availableProcessors(); }

    public RuleOverrides ruleOverrides() {
        if (rules == null) return RuleOverrides.none();
        Map<String, Map<String, Object>> params = new LinkedHashMap<>();
        if (rules.params() != null) rules.params().forEach((k, v) -> params.put(k, v == null ? Map.of() : v));
        return new RuleOverrides(params, rules.enable() == null ? Set.of() : Set.copyOf(rules.enable()),
                rules.disable() == null ? Set.of() : Set.copyOf(rules.disable()));
    }
}
