package io.kvaudit.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The --config check: what Spring would silently ignore or accept (a missing file, an unknown key, an out-of-range
 * value) is one line naming the file, line:column and key; every form Spring's relaxed binding reads is accepted.
 */
class ConfigFileTest {

    @TempDir
    Path tmp;

    String write(String yaml) throws IOException {
        Path f = tmp.resolve("kvaudit.yaml");
        Files.writeString(f, yaml);
        return f.toString();
    }

    String error(String yaml) throws IOException {
        String file = write(yaml);
        try {
            ConfigFile.check("--config", file);
        } catch (ConfigurationException e) {
            assertThat(e.getMessage()).doesNotContain("\n").startsWith(file);
            return e.getMessage().substring(file.length());
        }
        throw new AssertionError("accepted:\n" + yaml);
    }

    void accepted(String yaml) throws IOException {
        String file = write(yaml);
        assertThatCode(() -> ConfigFile.check("--config", file)).as(yaml).doesNotThrowAnyException();
    }

    @Test
    void aMissingFileOrADirectoryIsAnErrorNamingIt() throws IOException {
        String missing = tmp.resolve("cfg_disable.yml").toString();
        assertThatThrownBy(() -> ConfigFile.check("--config", missing))
                .hasMessage("--config " + missing + ": configuration file not found");
        assertThatThrownBy(() -> ConfigFile.check("--config", tmp.toString()))
                .hasMessage("--config " + tmp + ": is a directory, expected the configuration file");
        Path comma = Files.createDirectories(tmp.resolve("a,b")).resolve("kvaudit.yaml");
        Files.writeString(comma, "kvaudit:\n");
        assertThatThrownBy(() -> ConfigFile.check("--config", comma.toString()))
                .hasMessageStartingWith("--config " + comma + ": a path with ',' or '${' cannot be handed to Spring");
    }

    @Test
    void malformedYamlNamesTheFileAndLineColumnInOneLine() throws IOException {
        assertThat(error("kvaudit:\n  threads: [4\n  rules: x\n"))
                .isEqualTo(":3:8: not valid YAML: expected ',' or ']', but got : (while parsing a flow sequence at 2:12)");
        assertThat(error("kvaudit:\n  threads: 4\n  threads: 5\n")).isEqualTo(":3:3: duplicate key threads (first at line 2)");
        assertThat(error("spring:\n  datasource:\n    url: a\n    url: b\n")).isEqualTo(":4:5: duplicate key url (first at line 3)");
    }

    @Test
    void unknownKeysAreErrorsNamingTheKeyAndTheKnownOnes() throws IOException {
        assertThat(error("kvaudit:\n  rules:\n    enable: [a]\n    disabel: [vault-x]\n"))
                .isEqualTo(":4:5: unknown key kvaudit.rules.disabel (known: params, enable, disable)");
        assertThat(error("kvaudit:\n  nosuchkey: 1\n")).isEqualTo(":2:3: unknown key kvaudit.nosuchkey (known: threads, rules, live, notify)");
        assertThat(error("kvaudit:\n  live:\n    max-in-flite: 8\n")).startsWith(":3:5: unknown key kvaudit.live.max-in-flite (known: auth, client-id,");
        assertThat(error("kvaudt:\n  threads: 4\n")).isEqualTo(":1:1: unknown key kvaudt (known: kvaudit, spring, logging)");
        assertThat(error("server:\n  port: 8080\n")).isEqualTo(":1:1: unknown key server (known: kvaudit, spring, logging)");
        // dotted keys, as Spring reads them, are followed; the error names the whole key
        assertThat(error("kvaudit.rules.disabel: [x]\n")).isEqualTo(":1:1: unknown key kvaudit.rules.disabel (known: params, enable, disable)");
        assertThat(error("kvaudit:\n  threads.max: 4\n")).isEqualTo(":2:3: unknown key kvaudit.threads.max (kvaudit.threads takes a value, not keys)");
    }

    @Test
    void outOfRangeAndWrongTypeValuesNameTheKey() throws IOException {
        assertThat(error("kvaudit:\n  threads: -5\n")).isEqualTo(":2:12: kvaudit.threads: expected 0 (one per core) or more, found -5");
        assertThat(error("kvaudit:\n  threads: four\n")).isEqualTo(":2:12: kvaudit.threads: expected a whole number, 0 (one per core) or more, found \"four\"");
        assertThat(error("kvaudit:\n  threads: 2.5\n")).contains("kvaudit.threads: expected a whole number");
        assertThat(error("kvaudit:\n  threads: [4]\n")).isEqualTo(":2:12: kvaudit.threads: expected a single value, found a list");
        assertThat(error("kvaudit:\n  live:\n    max-in-flight: 0\n")).isEqualTo(":3:20: kvaudit.live.max-in-flight: expected 1 or more, found 0");
        assertThat(error("kvaudit:\n  live:\n    max-in-flight-per-vault: 0\n")).contains("kvaudit.live.max-in-flight-per-vault: expected 1 or more");
        assertThat(error("kvaudit:\n  live:\n    max-in-flight-per-subscription: -1\n")).contains("kvaudit.live.max-in-flight-per-subscription: expected 1 or more");
        assertThat(error("kvaudit:\n  live:\n    max-retries: -1\n")).contains(":3:18: kvaudit.live.max-retries: expected 0 or more, found -1");
        assertThat(error("kvaudit:\n  live:\n    timeout-seconds: 0\n")).contains("kvaudit.live.timeout-seconds: expected 1 or more, found 0");
        assertThat(error("kvaudit:\n  live:\n    auth: password\n")).isEqualTo(":3:11: kvaudit.live.auth: expected one of default, azure-cli, "
                + "managed-identity, workload-identity, client-secret, client-certificate, found \"password\"");
        assertThat(error("kvaudit:\n  live:\n    cloud: AzureMars\n")).contains("kvaudit.live.cloud: expected one of ", "AzureCloud", "found \"AzureMars\"");
        assertThat(error("kvaudit:\n  live:\n    objects-via: both\n")).contains("kvaudit.live.objects-via: expected one of resource-manager, data-plane, found \"both\"");
        assertThat(error("kvaudit:\n  live:\n    object-policies: maybe\n")).contains("kvaudit.live.object-policies: expected true or false, found \"maybe\"");
        assertThat(error("kvaudit:\n  rules: [a, b]\n")).isEqualTo(":2:10: kvaudit.rules: expected a mapping of params, enable, disable, found a list");
        assertThat(error("kvaudit:\n  rules:\n    enable: {a: 1}\n")).contains("kvaudit.rules.enable: expected a list, found a mapping");
        assertThat(error("kvaudit:\n  rules:\n    params: [a]\n")).contains("kvaudit.rules.params: expected a mapping, found a list");
        assertThat(error("kvaudit:\n  rules:\n    params:\n      secret-not-rotated: 90\n"))
                .isEqualTo(":4:27: kvaudit.rules.params.secret-not-rotated: expected a mapping of param names to values, found \"90\"");
        // the value's relaxed spelling is what the message quotes
        assertThat(error("kvaudit:\n  live:\n    maxInFlight: 0\n")).contains("kvaudit.live.maxInFlight: expected 1 or more");
        assertThat(error("kvaudit.live.max-retries: -2\n")).isEqualTo(":1:27: kvaudit.live.max-retries: expected 0 or more, found -2");
        assertThat(error("- kvaudit\n")).isEqualTo(":1:1: expected a mapping with kvaudit: (and spring:, logging:) at the top; found a list");
    }

    @Test
    void theDocumentedExampleAndEveryFormSpringReadsAreAccepted() throws IOException {
        Matcher example = Pattern.compile("```yaml\n(# kvaudit.yaml.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("docs/configuration.md")));
        assertThat(example.find()).as("the example in docs/configuration.md").isTrue();
        accepted(example.group(1));
        accepted("");
        accepted("# nothing configured\n");
        accepted("kvaudit:\n");
        accepted("---\nkvaudit:\n  threads: 2\n");
        accepted("kvaudit:\n  threads:\n  live:\n    client-id:\n    max-in-flight: ''\n");
        accepted("kvaudit:\n  Threads: 4\n  live:\n    maxInFlight: 8\n    max_retries: 2\n    TIMEOUT-SECONDS: 30\n    objectPolicies: no\n");
        accepted("kvaudit.threads: 4\nkvaudit.live.max-in-flight: 8\nkvaudit:\n  live.auth: AZURE-CLI\n  rules.disable: vault-x,vault-y\n");
        accepted("kvaudit:\n  threads: 0x10\n  rules:\n    enable[0]: key-not-hsm-backed\n    params:\n      secret-not-rotated.maxAgeDays: 90\n      vault-x:\n");
        accepted("spring:\n  datasource:\n    url: jdbc:postgresql://db/kvaudit\n    username: kv\nlogging:\n  level:\n    root: INFO\n");
    }

    @Test
    void bindingChecksTheSameRangesForTheEnvironment() {
        assertThatThrownBy(() -> new KvauditProperties(-5, null, null, null))
                .isInstanceOf(ConfigurationException.class).hasMessage("kvaudit.threads: expected 0 (one per core) or more, found -5");
        assertThatThrownBy(() -> new KvauditProperties.Live("password", null, null, null, null, null, null, null, null, null, null, null, null))
                .hasMessageStartingWith("kvaudit.live.auth: expected one of default, azure-cli");
        assertThatThrownBy(() -> new KvauditProperties.Live(null, null, null, null, null, null, null, null, 64, 16, 0, 6, 60))
                .hasMessage("kvaudit.live.max-in-flight-per-subscription: expected 1 or more, found 0");
        assertThatCode(() -> new KvauditProperties(null, null, KvauditProperties.Live.DEFAULTS, null)).doesNotThrowAnyException();
    }
}
