package io.kvaudit.source;

import org.junit.jupiter.api.Test;

import static io.kvaudit.source.AzureNames.Kind.CERTIFICATE;
import static io.kvaudit.source.AzureNames.Kind.KEY;
import static io.kvaudit.source.AzureNames.Kind.SECRET;
import static io.kvaudit.source.AzureNames.Kind.SUBSCRIPTION;
import static io.kvaudit.source.AzureNames.Kind.VAULT;
import static org.assertj.core.api.Assertions.assertThat;

/** Azure's naming rules, as kvaudit applies them to every name that becomes a snapshot path or a request. */
class AzureNamesTest {

    @Test
    void subscriptionIdsAreGuids() {
        assertThat(SUBSCRIPTION.accepts("3f1a2b4c-0000-4000-8000-000000000001")).isTrue();
        assertThat(SUBSCRIPTION.accepts("3F1A2B4C-0000-4000-8000-00000000000A")).isTrue();
        for (String bad : new String[] {"../../../evilsub", "3f1a2b4c00004000800000000000001", "3f1a2b4c-0000-4000-8000-0000000000012",
                "{3f1a2b4c-0000-4000-8000-000000000001}", "", "3f1a2b4c-0000-4000-8000-00000000000g"})
            assertThat(SUBSCRIPTION.accepts(bad)).as(bad).isFalse();
        assertThat(SUBSCRIPTION.accepts(null)).isFalse();
    }

    @Test
    void vaultNamesFollowAzuresRule() {
        for (String ok : new String[] {"kv-app", "kv1", "a-b", "KV-Contoso-Prod-Payments", "abcdefghijklmnopqrstuvwx"})
            assertThat(VAULT.accepts(ok)).as(ok).isTrue();
        for (String bad : new String[] {"../../../evil", "kv", "abcdefghijklmnopqrstuvwxy", "1kv", "-kv", "kv-", "kv--app",
                "kv_app", "kv.app", "kv app", "kv/app", "..", "kvé", ""})
            assertThat(VAULT.accepts(bad)).as(bad).isFalse();
    }

    @Test
    void objectNamesAreLettersDigitsAndHyphensUpTo127() {
        for (var kind : new AzureNames.Kind[] {SECRET, KEY, CERTIFICATE}) {
            for (String ok : new String[] {"a", "db-password", "-", "1", "A".repeat(127), "--x--"})
                assertThat(kind.accepts(ok)).as(ok).isTrue();
            for (String bad : new String[] {"", "A".repeat(128), "../../../../../evilkey", "db_password", "db.password", "a/b", "..", "ключ"})
                assertThat(kind.accepts(bad)).as(bad).isFalse();
        }
    }

    @Test
    void eachKindSaysWhatItAccepts() {
        assertThat(VAULT.expected()).isEqualTo("a vault name (3-24 letters, digits and hyphens, starting with a letter, "
                + "ending with a letter or digit, no two hyphens in a row)");
        assertThat(KEY.expected()).isEqualTo("a key name (1-127 letters, digits and hyphens)");
        assertThat(SUBSCRIPTION.expected()).startsWith("a subscription id (a GUID");
    }
}
