package io.kvaudit.source.snapshot;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.model.Collected;
import io.kvaudit.model.Secret;
import io.kvaudit.model.Subscription;
import io.kvaudit.model.SubscriptionInventory;
import io.kvaudit.model.Vault;
import io.kvaudit.model.VaultInventory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The snapshot reader: Azure's shapes in, the domain model out; absent, error bodies and malformed files. */
class SnapshotSourceTest {

    static final String SUB = "3f1a2b4c-0000-4000-8000-000000000001";
    static final String VAULT_ID = "/subscriptions/" + SUB + "/resourceGroups/RG-App/providers/Microsoft.KeyVault/vaults/kv-app";

    @TempDir
    Path dir;

    void write(String rel, String json) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, json);
    }

    void minimal() throws IOException {
        write("snapshot.json", "{\"formatVersion\":1,\"tenantId\":\"72f988bf-0000-4000-8000-00000000c0de\",\"capturedAt\":\"2026-11-20T06:00:00Z\",\"cloud\":\"AzureCloud\"}");
        write("subscriptions.json", "{\"value\":[{\"id\":\"/subscriptions/" + SUB + "\",\"subscriptionId\":\"" + SUB + "\",\"displayName\":\"prod\",\"state\":\"Enabled\"}]}");
        write("subscriptions/" + SUB + "/vaults.json", "{\"value\":[{\"id\":\"" + VAULT_ID + "\",\"name\":\"kv-app\",\"location\":\"westeurope\","
                + "\"properties\":{\"tenantId\":\"t\",\"enableRbacAuthorization\":true,\"vaultUri\":\"https://kv-app.vault.azure.net/\","
                + "\"networkAcls\":{\"defaultAction\":\"Deny\",\"bypass\":\"AzureServices\",\"ipRules\":[{\"value\":\"203.0.113.0/24\"}],\"virtualNetworkRules\":[]}}}]}");
    }

    VaultInventory onlyVault(SnapshotSource s) {
        Subscription sub = s.subscriptions().get(0);
        SubscriptionInventory si = s.subscription(sub);
        return s.vault(si.vaults().orNull().get(0));
    }

    @Test
    void mapsVaultPropertiesAndLowerCasesIds() throws IOException {
        minimal();
        SnapshotSource s = new SnapshotSource(dir);
        Vault v = s.subscription(s.subscriptions().get(0)).vaults().orNull().get(0);
        assertThat(v.id()).isEqualTo(VAULT_ID.toLowerCase());
        assertThat(v.resourceGroup()).isEqualTo("rg-app");
        assertThat(v.enableRbacAuthorization()).isTrue();
        assertThat(v.enablePurgeProtection()).as("absent stays unknown").isNull();
        assertThat(v.networkAcls().ipRules()).containsExactly("203.0.113.0/24");
        assertThat(s.tenant().capturedAt()).isEqualTo(Instant.parse("2026-11-20T06:00:00Z"));
    }

    @Test
    void dataPlaneAndResourceManagerSecretShapesGiveTheSameSecret() throws IOException {
        minimal();
        write("vaults/kv-app/secrets.json", "{\"value\":[{\"id\":\"https://kv-app.vault.azure.net/secrets/db-password\","
                + "\"attributes\":{\"enabled\":true,\"created\":1790000000,\"updated\":1790000001,\"exp\":1800000000},\"contentType\":\"text/plain\",\"tags\":{\"a\":\"b\"}}]}");
        Secret dataPlane = onlyVault(new SnapshotSource(dir)).secrets().orNull().get(0);
        write("vaults/kv-app/secrets.json", "{\"value\":[{\"id\":\"" + VAULT_ID + "/secrets/db-password\",\"name\":\"db-password\","
                + "\"type\":\"Microsoft.KeyVault/vaults/secrets\",\"tags\":{\"a\":\"b\"},\"properties\":{\"contentType\":\"text/plain\","
                + "\"attributes\":{\"enabled\":true,\"created\":1790000000,\"updated\":1790000001,\"exp\":1800000000}}}]}");
        Secret arm = onlyVault(new SnapshotSource(dir)).secrets().orNull().get(0);
        assertThat(arm).isEqualTo(dataPlane);
        assertThat(arm.id()).isEqualTo(VAULT_ID.toLowerCase() + "/secrets/db-password");
        assertThat(arm.attributes().expires()).isEqualTo(Instant.ofEpochSecond(1800000000));
    }

    @Test
    void absentFileIsNotCollectedAndErrorBodyIsAFailedReadWithAzuresCode() throws IOException {
        minimal();
        write("vaults/kv-app/secrets.json", "{\"error\":{\"code\":\"Forbidden\",\"message\":\"Caller is not authorized to perform action on resource.\",\"innererror\":{\"code\":\"ForbiddenByRbac\"}}}");
        write("vaults/kv-app/keys.json", "{\"value\":[]}");
        VaultInventory vi = onlyVault(new SnapshotSource(dir));
        assertThat(vi.secrets()).isInstanceOf(Collected.Failed.class);
        assertThat(vi.secrets().code()).isEqualTo("Forbidden");
        assertThat(vi.secrets().reason()).contains("secrets could not be read: Forbidden", "not authorized");
        assertThat(vi.certificates()).isInstanceOf(Collected.NotCollected.class);
        assertThat(vi.certificates().reason()).isEqualTo("certificates not collected");
        assertThat(vi.keys().orNull()).as("collected and empty").isEqualTo(List.of());
    }

    @Test
    void keyRotationPolicyDurationsBecomeDays() throws IOException {
        minimal();
        write("vaults/kv-app/keys.json", "{\"value\":[{\"kid\":\"https://kv-app.vault.azure.net/keys/k1\",\"attributes\":{\"enabled\":true,\"created\":1790000000}}]}");
        write("vaults/kv-app/keys/k1/rotationpolicy.json", "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P90D\"},\"action\":{\"type\":\"Rotate\"}},"
                + "{\"trigger\":{\"timeBeforeExpiry\":\"P1M\"},\"action\":{\"type\":\"Notify\"}}],\"attributes\":{\"expiryTime\":\"P2Y\"}}");
        var key = onlyVault(new SnapshotSource(dir)).keys().orNull().get(0);
        var policy = key.rotationPolicy().orNull();
        assertThat(policy.lifetimeActions().get(0).timeAfterCreateDays()).isEqualTo(90);
        assertThat(policy.lifetimeActions().get(1).timeBeforeExpiryDays()).isEqualTo(30);
        assertThat(policy.expiryTimeDays()).isEqualTo(730);
        assertThat(key.kty()).as("data-plane list items carry no kty").isNull();
    }

    @Test
    void missingDirectoryOrHeaderOrWrongVersionIsAConfigurationError() throws IOException {
        assertThatThrownBy(() -> new SnapshotSource(dir.resolve("nope")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("snapshot directory not found");
        assertThatThrownBy(() -> new SnapshotSource(dir))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("snapshot.json: file not found");
        minimal();
        write("snapshot.json", "{\"formatVersion\":2,\"tenantId\":\"t\"}");
        assertThatThrownBy(() -> new SnapshotSource(dir))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("$.formatVersion: expected 1").hasMessageContaining("found 2");
    }

    @Test
    void aFileThatIsNotJsonNamesTheLineAndColumn() throws IOException {
        minimal();
        write("vaults/kv-app/secrets.json", "{\n  \"value\": [\n    {\"id\": }\n  ]\n}");
        SnapshotSource s = new SnapshotSource(dir);
        assertThatThrownBy(() -> onlyVault(s))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("secrets.json: at line 3, column 12: not valid JSON")
                .hasMessageNotContaining("REDACTED");
    }

    @Test
    void jsonOfTheWrongShapeNamesTheJsonPathAndWhatWasExpected() throws IOException {
        minimal();
        write("vaults/kv-app/secrets.json", "{\"value\":[{\"id\":\"https://kv-app.vault.azure.net/secrets/s\",\"attributes\":\"enabled\"}]}");
        assertThatThrownBy(() -> onlyVault(new SnapshotSource(dir)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("secrets.json: at $.value[0].attributes: expected an object, found a string");
        write("vaults/kv-app/secrets.json", "{\"items\":[]}");
        assertThatThrownBy(() -> onlyVault(new SnapshotSource(dir)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("at $.value: expected an array, found nothing");
        write("vaults/kv-app/secrets.json", "[1, 2]");
        assertThatThrownBy(() -> onlyVault(new SnapshotSource(dir)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("at $: expected an object, found an array");
        write("vaults/kv-app/secrets.json", "{\"value\":[{\"id\":\"https://kv-app.vault.azure.net/secrets/s\",\"attributes\":{\"created\":\"yesterday\"}}]}");
        assertThatThrownBy(() -> onlyVault(new SnapshotSource(dir)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("at $.value[0].attributes.created: expected a whole number, found a string");
    }

    @Test
    void aBodyWithAnErrorIsAFailedReadEvenWhenItAlsoHasAValue() throws IOException {
        minimal();
        write("vaults/kv-app/secrets.json", "{\"value\":[],\"error\":{\"code\":\"Forbidden\",\"message\":\"Caller is not authorized\"}}");
        write("vaults/kv-app/keys.json", "{\"value\":[{\"kid\":\"https://kv-app.vault.azure.net/keys/k1\"}]}");
        write("vaults/kv-app/keys/k1/rotationpolicy.json", "{\"lifetimeActions\":[],\"error\":{\"code\":\"Forbidden\"}}");
        VaultInventory vi = onlyVault(new SnapshotSource(dir));
        assertThat(vi.secrets()).isInstanceOf(Collected.Failed.class);
        assertThat(vi.secrets().reason()).contains("secrets could not be read: Forbidden", "not authorized");
        assertThat(vi.keys().orNull().get(0).rotationPolicy().code()).as("single bodies too").isEqualTo("Forbidden");

        write("subscriptions/" + SUB + "/vaults.json", "{\"value\":[],\"error\":{\"code\":\"AuthorizationFailed\"}}");
        write("subscriptions/" + SUB + "/roleAssignments.json", "{\"value\":[],\"error\":{\"code\":\"AuthorizationFailed\"}}");
        SnapshotSource s = new SnapshotSource(dir);
        SubscriptionInventory si = s.subscription(s.subscriptions().get(0));
        assertThat(si.vaults().code()).isEqualTo("AuthorizationFailed");
        assertThat(si.roleAssignments().code()).isEqualTo("AuthorizationFailed");

        write("subscriptions.json", "{\"value\":[],\"error\":{\"code\":\"AuthorizationFailed\"}}");
        assertThatThrownBy(() -> new SnapshotSource(dir).subscriptions()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("subscriptions.json: subscriptions could not be read: AuthorizationFailed");
    }

    @Test
    void aStoredListWithANextLinkIsNotFullyCollected() throws IOException {
        minimal();
        String next = ",\"nextLink\":\"https://kv-app.vault.azure.net/secrets?api-version=7.5&$skiptoken=abc\"";
        write("vaults/kv-app/secrets.json", "{\"value\":[{\"id\":\"https://kv-app.vault.azure.net/secrets/s1\"}]" + next + "}");
        write("vaults/kv-app/keys.json", "{\"value\":[],\"nextLink\":null}");
        write("vaults/kv-app/certificates.json", "{\"value\":[],\"nextLink\":\"\"}");
        VaultInventory vi = onlyVault(new SnapshotSource(dir));
        assertThat(vi.secrets().isPresent()).isFalse();
        assertThat(vi.secrets().code()).isEqualTo("Incomplete");
        assertThat(vi.secrets().reason()).isEqualTo("secrets not fully collected: the list has a nextLink, so its later pages were never read");
        assertThat(vi.keys().orNull()).as("a null nextLink is the last page").isEmpty();
        assertThat(vi.certificates().orNull()).as("so is an empty one").isEmpty();

        write("subscriptions/" + SUB + "/defenderPricings.json", "{\"value\":[]" + next + "}");
        write("subscriptions/" + SUB + "/roleDefinitions.json", "{\"value\":[]" + next + "}");
        SnapshotSource s = new SnapshotSource(dir);
        SubscriptionInventory si = s.subscription(s.subscriptions().get(0));
        assertThat(si.defenderPlans().code()).isEqualTo("Incomplete");
        assertThat(si.roleDefinitions().reason()).startsWith("role definitions not fully collected");

        write("subscriptions.json", "{\"value\":[{\"subscriptionId\":\"" + SUB + "\"}]" + next + "}");
        assertThatThrownBy(() -> new SnapshotSource(dir).subscriptions()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("subscriptions.json: subscriptions not fully collected: the list has a nextLink");
    }

    @Test
    void anOutOfRangeNumberOrTimeNamesTheFileThePathAndTheRange() throws IOException {
        minimal();
        String range = "expected Unix seconds from 0 (1970-01-01T00:00:00Z) to 253402300799 (9999-12-31T23:59:59Z), found ";
        for (String created : List.of("-9223372036854775808", "1e300", "253402300800", "-1", "1e999", "99999999999999999999999")) {
            write("vaults/kv-app/secrets.json", "{\"value\":[{\"id\":\"https://kv-app.vault.azure.net/secrets/s\",\"attributes\":{\"created\":" + created + "}}]}");
            assertThatThrownBy(() -> onlyVault(new SnapshotSource(dir))).as(created).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("vaults/kv-app/secrets.json: at $.value[0].attributes.created: " + range);
        }
        write("vaults/kv-app/secrets.json", "{\"value\":[{\"id\":\"https://kv-app.vault.azure.net/secrets/s\",\"attributes\":{\"created\":1.5}}]}");
        assertThatThrownBy(() -> onlyVault(new SnapshotSource(dir))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at $.value[0].attributes.created: expected a whole number, found 1.5");
        write("vaults/kv-app/secrets.json", "{\"value\":[{\"id\":\"https://kv-app.vault.azure.net/secrets/s\",\"attributes\":{\"created\":253402300799,\"exp\":0}}]}");
        assertThat(onlyVault(new SnapshotSource(dir)).secrets().orNull().get(0).attributes().created())
                .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));

        write("vaults/kv-app/keys.json", "{\"value\":[{\"kid\":\"https://kv-app.vault.azure.net/keys/k\",\"key\":{\"key_size\":2147483648}}]}");
        assertThatThrownBy(() -> onlyVault(new SnapshotSource(dir))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("keys.json: at $.value[0].key.key_size: expected a whole number from -2147483648 to 2147483647, found 2147483648");
    }

    @Test
    void anOutOfRangeWholeNumberInAVaultOrAnRfc3339TimeIsASnapshotError() throws IOException {
        minimal();
        write("subscriptions/" + SUB + "/vaults.json", "{\"value\":[{\"id\":\"" + VAULT_ID + "\",\"properties\":{\"softDeleteRetentionInDays\":-9223372036854775809}}]}");
        SnapshotSource s = new SnapshotSource(dir);
        assertThatThrownBy(() -> s.subscription(s.subscriptions().get(0))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("vaults.json: at $.value[0].properties.softDeleteRetentionInDays: expected a whole number from -2147483648 to 2147483647");
        minimal();
        write("subscriptions/" + SUB + "/roleAssignments.json", "{\"value\":[{\"id\":\"/ra/1\",\"properties\":{\"roleDefinitionId\":\"/rd/1\","
                + "\"scope\":\"/\",\"createdOn\":\"+999999999-12-31T23:59:59Z\"}}]}");
        SnapshotSource s2 = new SnapshotSource(dir);
        assertThatThrownBy(() -> s2.subscription(s2.subscriptions().get(0))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("roleAssignments.json: at $.value[0].properties.createdOn: expected an RFC 3339 time from "
                        + "1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, found \"+999999999-12-31T23:59:59Z\"");
        write("snapshot.json", "{\"formatVersion\":1,\"tenantId\":\"t\",\"capturedAt\":\"1969-12-31T23:59:59Z\"}");
        assertThatThrownBy(() -> new SnapshotSource(dir)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("snapshot.json: at $.capturedAt: expected an RFC 3339 time from 1970-01-01T00:00:00Z");
        write("snapshot.json", "{\"formatVersion\":4294967297,\"tenantId\":\"t\"}");
        assertThatThrownBy(() -> new SnapshotSource(dir)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("snapshot.json: at $.formatVersion: expected a whole number from -2147483648 to 2147483647");
    }
}
