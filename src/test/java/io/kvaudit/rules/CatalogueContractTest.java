package io.kvaudit.rules;

import io.kvaudit.model.ResourceKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule ids, resources and severities of the baseline catalogue (design/rule-catalogue.md) are a contract that
 * pipelines and exception files depend on: each must exist in rules/ exactly so.
 */
class CatalogueContractTest {

    static final Map<String, String> CATALOGUE = new LinkedHashMap<>();

    static {
        String[][] rows = {
                {"vault-soft-delete-disabled", "vault", "high"}, {"vault-purge-protection-disabled", "vault", "high"},
                {"vault-soft-delete-retention-short", "vault", "low"}, {"vault-rbac-disabled", "vault", "medium"},
                {"vault-public-network-access-enabled", "vault", "medium"}, {"vault-firewall-open", "vault", "high"},
                {"vault-firewall-broad-ip-rule", "vault", "medium"}, {"vault-private-endpoint-missing", "vault", "medium"},
                {"vault-audit-logging-disabled", "vault", "high"}, {"vault-audit-logs-not-queryable", "vault", "low"},
                {"vault-access-policy-overbroad", "vault", "medium"}, {"vault-deployment-access-enabled", "vault", "low"},
                {"vault-required-tags-missing", "vault", "low"},
                {"secret-expiry-missing", "secret", "medium"}, {"secret-not-rotated", "secret", "medium"},
                {"secret-validity-too-long", "secret", "low"}, {"secret-expiring-soon", "secret", "medium"},
                {"secret-expired-enabled", "secret", "high"}, {"secret-content-type-missing", "secret", "low"},
                {"key-expiry-missing", "key", "medium"}, {"key-rotation-policy-missing", "key", "medium"},
                {"key-rotation-interval-too-long", "key", "low"}, {"key-expiring-soon", "key", "medium"},
                {"key-expired-enabled", "key", "high"}, {"key-rsa-too-small", "key", "high"},
                {"key-curve-not-allowed", "key", "medium"}, {"key-not-hsm-backed", "key", "low"},
                {"certificate-validity-too-long", "certificate", "medium"}, {"certificate-expiring-soon", "certificate", "high"},
                {"certificate-expired-enabled", "certificate", "high"}, {"certificate-auto-renew-missing", "certificate", "medium"},
                {"certificate-self-signed", "certificate", "low"}, {"certificate-rsa-too-small", "certificate", "high"},
                {"rbac-data-role-broad-scope", "roleAssignment", "high"}, {"rbac-privileged-control-role", "roleAssignment", "medium"},
                {"rbac-wildcard-custom-role", "roleAssignment", "high"}, {"rbac-user-direct-assignment", "roleAssignment", "low"},
                {"rbac-too-many-secret-readers", "vault", "medium"}, {"rbac-orphaned-assignment", "roleAssignment", "low"},
                {"subscription-defender-keyvault-off", "subscription", "medium"},
        };
        for (String[] r : rows) CATALOGUE.put(r[0], r[1] + "/" + r[2]);
    }

    @Test
    void everyCatalogueRuleExistsWithItsResourceAndSeverity() {
        RuleSet set = RuleSetLoader.load(Path.of("rules"), RuleOverrides.none());
        Map<String, String> actual = new LinkedHashMap<>();
        for (CompiledRule r : set.rules())
            actual.put(r.id(), r.definition().resource().key() + "/" + r.definition().severity().label());
        assertThat(actual).containsAllEntriesOf(CATALOGUE);
    }

    /** design/activity-catalogue.md: every detector id with its severity (sensitive-operation: high for purge/delete). */
    static final Map<String, String> DETECTORS = new LinkedHashMap<>();

    static {
        String[][] rows = {
                {"activity-mass-secret-read", "high"}, {"activity-volume-spike", "medium"}, {"activity-list-then-get", "medium"},
                {"activity-sensitive-operation", "high"}, {"activity-new-principal", "medium"}, {"activity-new-ip", "low"},
                {"activity-denied-burst", "medium"}, {"activity-listed-ip", "high"}, {"activity-legacy-tls", "low"},
                {"activity-dormant-object", "low"}, {"activity-expired-object-read", "high"},
                {"activity-access-without-grant", "high"}, {"activity-unused-grant", "low"},
                {"activity-human-read-of-workload-secret", "medium"}, {"activity-audit-log-gap", "medium"},
                {"activity-network-contradiction", "high"},
        };
        for (String[] r : rows) DETECTORS.put(r[0], r[1]);
    }

    @Test
    void everyCatalogueDetectorExistsWithItsSeverityAndAFrameworkControl() {
        RuleSet set = RuleSetLoader.load(Path.of("rules"), RuleOverrides.none());
        Map<String, String> actual = new LinkedHashMap<>();
        for (ConfiguredDetector d : set.detectors()) {
            actual.put(d.id(), d.definition().severity().label());
            assertThat(d.controls()).as("framework controls of %s", d.id()).isNotEmpty();
            assertThat(d.enabled()).as("%s on by default", d.id()).isTrue();
        }
        assertThat(actual).isEqualTo(DETECTORS);
    }

    @Test
    void onlyKeyNotHsmBackedIsOffByDefault() {
        RuleSet set = RuleSetLoader.load(Path.of("rules"), RuleOverrides.none());
        assertThat(set.rules().stream().filter(r -> !r.enabled()).map(CompiledRule::id)).containsExactly("key-not-hsm-backed");
        assertThat(set.rules().stream().map(r -> r.definition().resource())).contains(ResourceKind.values());
    }
}
