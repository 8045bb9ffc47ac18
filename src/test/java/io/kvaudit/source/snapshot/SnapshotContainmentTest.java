package io.kvaudit.source.snapshot;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.model.Subscription;
import io.kvaudit.model.SubscriptionInventory;
import io.kvaudit.model.VaultInventory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nothing outside a snapshot directory is ever read: not through a name taken from a file (a vault "../../../evil"),
 * not through a symbolic link. Each case plants a file outside the snapshot that the name or link leads to, so a
 * reader that followed it would find it and use it.
 */
class SnapshotContainmentTest {

    static final String SUB = SnapshotSourceTest.SUB;
    static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/";
    static final String LEAK = "KVAUDIT-LEAKED-FROM-OUTSIDE";

    @TempDir
    Path tmp;
    /** The snapshot, two folders down, so that names climbing out of it land in {@link #tmp}, not in /. */
    Path dir;

    @BeforeEach
    void snapshot() throws IOException {
        dir = tmp.resolve("a/b/snap");
        write(dir, "snapshot.json", "{\"formatVersion\":1,\"tenantId\":\"72f988bf-0000-4000-8000-00000000c0de\",\"capturedAt\":\"2026-11-20T06:00:00Z\"}");
        subscriptions(SUB);
        vaults("kv-app");
    }

    static void write(Path base, String rel, String json) throws IOException {
        Path p = base.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, json);
    }

    void subscriptions(String subscriptionId) throws IOException {
        write(dir, "subscriptions.json", "{\"value\":[{\"id\":\"/subscriptions/" + SUB + "\",\"subscriptionId\":\"" + subscriptionId
                + "\",\"displayName\":\"prod\"}]}");
    }

    void vaults(String name) throws IOException {
        write(dir, "subscriptions/" + SUB + "/vaults.json", "{\"value\":[{\"id\":\"" + RG + "kv-app\",\"name\":\"" + name
                + "\",\"properties\":{\"vaultUri\":\"https://kv-app.vault.azure.net/\"}}]}");
    }

    /** A secrets body that a traversal or link would find outside the snapshot. */
    static String leakingSecrets() {
        return "{\"value\":[{\"id\":\"https://x.vault.azure.net/secrets/" + LEAK.toLowerCase() + "\",\"attributes\":{\"enabled\":true}}]}";
    }

    VaultInventory onlyVault() {
        SnapshotSource s = new SnapshotSource(dir);
        Subscription sub = s.subscriptions().get(0);
        SubscriptionInventory si = s.subscription(sub);
        return s.vault(si.vaults().orNull().get(0));
    }

    @Test
    void aVaultNamedToClimbOutIsASnapshotErrorAndNothingOutsideIsRead() throws IOException {
        vaults("../../../evil");
        write(tmp, "a/evil/secrets.json", leakingSecrets()); // where vaults/../../../evil/secrets.json leads
        assertThatThrownBy(this::onlyVault).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("vaults.json: at $.value[0].name: expected a vault name")
                .hasMessageContaining("found \"../../../evil\"")
                .hasMessageNotContaining(LEAK);
    }

    @Test
    void aVaultIdWhoseNameClimbsOutIsASnapshotError() throws IOException {
        write(dir, "subscriptions/" + SUB + "/vaults.json", "{\"value\":[{\"id\":\"" + RG + "..\",\"properties\":{}}]}");
        assertThatThrownBy(this::onlyVault).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("vaults.json: at $.value[0].id: expected an id with a vault name");
    }

    @Test
    void aSubscriptionIdThatIsNotAGuidIsASnapshotError() throws IOException {
        subscriptions("../../../evilsub");
        // where subscriptions/../../../evilsub/vaults.json leads
        write(tmp, "a/evilsub/vaults.json", "{\"value\":[{\"id\":\"" + RG + "kv-" + LEAK.toLowerCase() + "\",\"properties\":{}}]}");
        assertThatThrownBy(() -> new SnapshotSource(dir).subscriptions()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("subscriptions.json: at $.value[0].subscriptionId: expected a subscription id (a GUID")
                .hasMessageNotContaining(LEAK);
    }

    @Test
    void aKeyNamedToClimbOutIsASnapshotErrorAndItsPolicyIsNeverRead() throws IOException {
        String vault = RG + "kv-app";
        write(dir, "vaults/kv-app/keys.json", "{\"value\":[{\"id\":\"" + vault + "/keys/k\",\"name\":\"../../../../../evilkey\","
                + "\"properties\":{\"attributes\":{\"enabled\":true}}}]}");
        // where vaults/kv-app/keys/../../../../../evilkey/rotationpolicy.json leads
        write(tmp, "a/evilkey/rotationpolicy.json", "{\"lifetimeActions\":[],\"attributes\":{\"expiryTime\":\"P" + 1 + "D\"},\"" + LEAK + "\":1}");
        assertThatThrownBy(this::onlyVault).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("vaults/kv-app/keys.json: at $.value[0].name: expected a key name (1-127 letters, digits and hyphens)")
                .hasMessageNotContaining(LEAK);
    }

    @Test
    void theNameInAKidOrIdCountsToo() throws IOException {
        write(dir, "vaults/kv-app/keys.json", "{\"value\":[{\"kid\":\"https://kv-app.vault.azure.net/keys/../../evilkey\"}]}");
        assertThatThrownBy(this::onlyVault).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("keys.json: at $.value[0].kid: expected an id with a key name");
        write(dir, "vaults/kv-app/keys.json", "{\"value\":[]}");
        write(dir, "vaults/kv-app/certificates.json", "{\"value\":[{\"id\":\"https://kv-app.vault.azure.net/certificates/..\"}]}");
        assertThatThrownBy(this::onlyVault).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("certificates.json: at $.value[0].id: expected an id with a certificate name");
        write(dir, "vaults/kv-app/certificates.json", "{\"value\":[]}");
        // a valid name beside an id that names something else is still refused: both come from the same item
        write(dir, "vaults/kv-app/secrets.json", "{\"value\":[{\"id\":\"" + RG + "kv-app/secrets/db_password\",\"name\":\"db-password\"}]}");
        assertThatThrownBy(this::onlyVault).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("secrets.json: at $.value[0].id: expected an id with a secret name");
    }

    @Test
    void aCertificateNamedToClimbOutIsASnapshotError() throws IOException {
        write(dir, "vaults/kv-app/certificates.json", "{\"value\":[{\"id\":\"https://kv-app.vault.azure.net/certificates/c\","
                + "\"name\":\"../../../../../evilcert\"}]}");
        write(tmp, "a/evilcert/policy.json", "{\"issuer\":{\"name\":\"" + LEAK + "\"}}");
        assertThatThrownBy(this::onlyVault).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("certificates.json: at $.value[0].name: expected a certificate name")
                .hasMessageNotContaining(LEAK);
    }

    @Test
    void aSymbolicLinkToAFileOutsideIsASnapshotErrorThatShowsNoneOfItsContent() throws IOException {
        Path outside = tmp.resolve("outside.json");
        Files.writeString(outside, leakingSecrets());
        Files.createDirectories(dir.resolve("vaults/kv-app"));
        Files.createSymbolicLink(dir.resolve("vaults/kv-app/secrets.json"), outside);
        assertThatThrownBy(this::onlyVault).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("vaults/kv-app/secrets.json: is a symbolic link, or passes through one, that does not lead to a file inside the snapshot directory")
                .hasMessageNotContaining(LEAK.toLowerCase())
                .hasMessageNotContaining(tmp.resolve("outside.json").toString());
    }

    @Test
    void aSymbolicLinkToSomethingThatIsNotJsonShowsNoneOfItsContent() throws IOException {
        Path passwd = tmp.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\n");
        Files.createDirectories(dir.resolve("vaults/kv-app"));
        Files.createSymbolicLink(dir.resolve("vaults/kv-app/keys.json"), passwd);
        assertThatThrownBy(this::onlyVault).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("vaults/kv-app/keys.json: is a symbolic link")
                .hasMessageNotContaining("root");
    }

    @Test
    void aLinkedFolderLeadingOutsideIsRefusedEvenWhereTheFileIsAbsent() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("secrets.json"), leakingSecrets());
        Files.createDirectories(dir.resolve("vaults"));
        Files.createSymbolicLink(dir.resolve("vaults/kv-app"), elsewhere);
        assertThatThrownBy(this::onlyVault).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("vaults/kv-app").hasMessageContaining(": is a symbolic link, or passes through one")
                .hasMessageNotContaining(LEAK.toLowerCase());
        // a dangling link is not taken for "absent": whether its target exists outside is not for a snapshot to probe
        Files.delete(dir.resolve("vaults/kv-app"));
        Files.createSymbolicLink(dir.resolve("vaults/kv-app"), tmp.resolve("nowhere"));
        assertThatThrownBy(this::onlyVault).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is a symbolic link, or passes through one");
    }

    @Test
    void aSymbolicLinkThatStaysInsideIsFollowed() throws IOException {
        write(dir, "shared/secrets.json", "{\"value\":[{\"id\":\"https://kv-app.vault.azure.net/secrets/s1\"}]}");
        Files.createDirectories(dir.resolve("vaults/kv-app"));
        Files.createSymbolicLink(dir.resolve("vaults/kv-app/secrets.json"), Path.of("../../shared/secrets.json"));
        assertThat(onlyVault().secrets().orNull()).extracting(s -> s.name()).containsExactly("s1");
    }

    @Test
    void aSnapshotReachedThroughALinkIsReadNormally() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("link-to-snap"), dir);
        write(dir, "vaults/kv-app/secrets.json", "{\"value\":[{\"id\":\"https://kv-app.vault.azure.net/secrets/s1\"}]}");
        SnapshotSource s = new SnapshotSource(link);
        var vault = s.subscription(s.subscriptions().get(0)).vaults().orNull().get(0);
        assertThat(s.vault(vault).secrets().orNull()).hasSize(1);
    }

    @Test
    void logFilesAreListedInNameOrderAndOnlyFromInside() throws IOException {
        write(dir, "logs/law-b.json", "{\"tables\":[]}");
        write(dir, "logs/law-a.json", "{\"tables\":[]}");
        write(dir, "logs/workspaces.json", "{\"value\":[]}");
        write(dir, "logs/README.txt", "not a log");
        SnapshotBodies bodies = new SnapshotBodies(dir);
        assertThat(bodies.logFiles()).containsExactly("logs/law-a.json", "logs/law-b.json");
        assertThat(bodies.root().read("logs/law-a.json")).isPresent();

        Path outside = tmp.resolve("outside-log.json");
        Files.writeString(outside, "{\"tables\":[{\"name\":\"" + LEAK + "\"}]}");
        Files.createSymbolicLink(dir.resolve("logs/law-c.json"), outside);
        assertThatThrownBy(bodies::logFiles).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("logs/law-c.json: is a symbolic link").hasMessageNotContaining(LEAK);
    }

    @Test
    void noLogsFolderListsNothingAndALinkedLogsFolderLeadingOutsideIsRefused() throws IOException {
        assertThat(new SnapshotBodies(dir).logFiles()).isEmpty();
        Path elsewhere = Files.createDirectories(tmp.resolve("other-logs"));
        Files.writeString(elsewhere.resolve("law.json"), "{\"tables\":[]}");
        Files.createSymbolicLink(dir.resolve("logs"), elsewhere);
        assertThatThrownBy(() -> new SnapshotBodies(dir).logFiles()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("logs: is a symbolic link");
    }

    @Test
    void aPathThatClimbsOutIsRefusedBeforeTheFileSystemIsAsked() {
        SnapshotRoot root = SnapshotRoot.of(dir);
        for (String bad : List.of("../b/snap/snapshot.json", "vaults/../../x.json", "/etc/passwd", "vaults/./x.json"))
            assertThatThrownBy(() -> root.read(bad)).as(bad).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("not a path inside the snapshot directory");
    }
}
