package io.kvaudit.rules;

import io.kvaudit.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A malformed rule or framework stops the load with the file, the position and what was expected. */
class RuleSetLoaderTest {

    static final String GOOD = """
            id: secret-x
            title: Secrets are fine
            severity: medium
            resource: secret
            appliesWhen: secret.enabled
            condition: now - secret.created > days(params.maxAgeDays)
            message: "Secret {secret.name} is old"
            params:
              maxAgeDays: 60
            description: d
            risk: r
            remediation: az keyvault secret set
            """;

    static RuleSet load(String ruleYaml, String... extraFiles) {
        List<RuleFile> files = new ArrayList<>();
        files.add(new RuleFile("secret/secret-x/rule.yaml", "rules/secret/secret-x/rule.yaml", ruleYaml));
        for (int i = 0; i < extraFiles.length; i += 2) files.add(new RuleFile(extraFiles[i], "rules/" + extraFiles[i], extraFiles[i + 1]));
        return RuleSetLoader.load(files, RuleOverrides.none(), "test");
    }

    @Test
    void aValidRuleLoadsWithItsParamsAndDigest() {
        RuleSet set = load(GOOD);
        assertThat(set.rules()).hasSize(1);
        assertThat(set.rules().get(0).params()).containsEntry("maxAgeDays", 60L);
        assertThat(set.digest()).startsWith("sha256:").hasSize(71);
    }

    @Test
    void aMisspeltFieldIsCaughtAtLoadWithFileRuleLineAndColumn() {
        assertThatThrownBy(() -> load(GOOD.replace("now - secret.created", "now - secret.craeted")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("rules/secret/secret-x/rule.yaml:6:")
                .hasMessageContaining("rule secret-x: condition: undefined field 'craeted'");
    }

    @Test
    void aTypeErrorIsCaughtAtLoad() {
        assertThatThrownBy(() -> load(GOOD.replace("days(params.maxAgeDays)", "'sixty'")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rule secret-x: condition: found no matching overload for '_>_'");
    }

    @Test
    void anUnknownParamIsATypeErrorToo() {
        assertThatThrownBy(() -> load(GOOD.replace("params.maxAgeDays", "params.maxAge")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("undefined field 'maxAge'");
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        assertThatThrownBy(() -> load(GOOD.replace("severity: medium", "severity: [medium")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageMatching("rules/secret/secret-x/rule.yaml:\\d+:\\d+: not valid YAML: .*");
    }

    @Test
    void anIdThatDoesNotMatchItsFolderIsRejected() {
        assertThatThrownBy(() -> load(GOOD.replace("id: secret-x", "id: secret-y")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("rules/secret/secret-x/rule.yaml:1:5: id: rule id \"secret-y\" does not match its folder \"secret-x\"");
    }

    @Test
    void badSeverityMissingFieldAndUnknownKeyAreRejected() {
        assertThatThrownBy(() -> load(GOOD.replace("severity: medium", "severity: hgih")))
                .hasMessageContaining("rule.yaml:3:11: severity: expected one of critical, high, medium, low, info, found \"hgih\"");
        assertThatThrownBy(() -> load(GOOD.replace("risk: r\n", "")))
                .hasMessageContaining("risk: required");
        assertThatThrownBy(() -> load(GOOD + "condtion: x\n"))
                .hasMessageContaining("unknown key \"condtion\"");
        assertThatThrownBy(() -> load(GOOD.replace("resource: secret", "resource: key")))
                .hasMessageContaining("resource \"key\" does not match the folder \"secret\"");
    }

    @Test
    void aFrameworkThatNamesAnUnknownRuleIsRejected() {
        String fw = """
                id: fw
                prefix: FW
                name: A framework
                controls:
                  - id: "1.1"
                    title: Something
                    rules: [secret-nope]
                """;
        assertThatThrownBy(() -> load(GOOD, "frameworks/fw.yaml", fw))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("control 1.1 lists unknown rule \"secret-nope\"");
        RuleSet ok = load(GOOD, "frameworks/fw.yaml", fw.replace("secret-nope", "secret-x"));
        assertThat(ok.rules().get(0).controls()).containsExactly("FW:1.1");
    }

    @Test
    void overridesAreCheckedAgainstTheRules() {
        List<RuleFile> files = List.of(new RuleFile("secret/secret-x/rule.yaml", "rules/secret/secret-x/rule.yaml", GOOD));
        RuleSet set = RuleSetLoader.load(files, new RuleOverrides(Map.of("secret-x", Map.of("maxAgeDays", 90L)), Set.of(), Set.of()), "t");
        assertThat(set.rules().get(0).params()).containsEntry("maxAgeDays", 90L);
        assertThatThrownBy(() -> RuleSetLoader.load(files, new RuleOverrides(Map.of("secret-x", Map.of("maxAge", 90L)), Set.of(), Set.of()), "t"))
                .hasMessageContaining("unknown param \"maxAge\"");
        assertThatThrownBy(() -> RuleSetLoader.load(files, new RuleOverrides(Map.of("secret-x", Map.of("maxAgeDays", "ninety")), Set.of(), Set.of()), "t"))
                .hasMessageContaining("kvaudit.rules.params.secret-x.maxAgeDays: expected int");
        assertThatThrownBy(() -> RuleSetLoader.load(files, new RuleOverrides(Map.of(), Set.of("nope"), Set.of()), "t"))
                .hasMessageContaining("unknown rule or detector \"nope\"");
    }
}
