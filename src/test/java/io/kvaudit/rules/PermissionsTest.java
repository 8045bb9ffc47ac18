package io.kvaudit.rules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Azure RBAC wildcard matching with not-actions. */
class PermissionsTest {

    static final String GET_SECRET = "Microsoft.KeyVault/vaults/secrets/getSecret/action";

    @Test
    void wildcardsMatchAnywhereAndCaseInsensitively() {
        assertThat(Permissions.matches("*", GET_SECRET)).isTrue();
        assertThat(Permissions.matches("Microsoft.KeyVault/*", GET_SECRET)).isTrue();
        assertThat(Permissions.matches("microsoft.keyvault/vaults/secrets/*", GET_SECRET)).isTrue();
        assertThat(Permissions.matches("Microsoft.KeyVault/vaults/*/getSecret/action", GET_SECRET)).isTrue();
        assertThat(Permissions.matches("Microsoft.KeyVault/vaults/keys/*", GET_SECRET)).isFalse();
        assertThat(Permissions.matches("Microsoft.KeyVault/vaults/secrets/getSecret", GET_SECRET)).isFalse();
        assertThat(Permissions.matches("Microsoft.KeyVault.Other/*", GET_SECRET)).as("the dot is literal").isFalse();
    }

    @Test
    void notActionsSubtractFromActions() {
        // Contributor: everything but writing role assignments
        List<String> actions = List.of("*");
        List<String> not = List.of("Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write");
        assertThat(Permissions.allows(actions, not, "Microsoft.KeyVault/vaults/write")).isTrue();
        assertThat(Permissions.allows(actions, not, "Microsoft.Authorization/roleAssignments/write")).isFalse();
        assertThat(Permissions.allows(List.of(), List.of(), "Microsoft.KeyVault/vaults/read")).isFalse();
    }

    @Test
    void aGrantIsEffectiveUnlessADenyCoversItWhole() {
        assertThat(Permissions.effective(List.of("*"), List.of("*"))).isEmpty();
        assertThat(Permissions.effective(List.of("Microsoft.KeyVault/*"), List.of("microsoft.keyvault/*"))).isEmpty();
        assertThat(Permissions.effective(List.of("Microsoft.KeyVault/vaults/secrets/*"), List.of("Microsoft.KeyVault/*"))).isEmpty();
        assertThat(Permissions.effective(List.of("*"), List.of("Microsoft.KeyVault/*"))).containsExactly("*");
        assertThat(Permissions.effective(List.of("Microsoft.KeyVault/*"), List.of("Microsoft.KeyVault/vaults/*")))
                .as("managed HSM operations remain").containsExactly("Microsoft.KeyVault/*");
        assertThat(Permissions.effective(List.of("Microsoft.KeyVault/*", "Microsoft.Storage/*"), List.of("*/read")))
                .containsExactly("Microsoft.KeyVault/*", "Microsoft.Storage/*");
    }
}
