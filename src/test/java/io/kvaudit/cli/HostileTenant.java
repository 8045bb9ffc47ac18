package io.kvaudit.cli;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A one-vault snapshot whose names, tags, content type and custom role carry text XML 1.0 forbids (NUL, U+0001,
 * U+FFFE, a lone surrogate), a right-to-left override and non-Latin scripts, where Azure takes free text: tags, content
 * types, role names and descriptions, display names. (Object and vault names with such text are refused when read:
 * Azure cannot make them, see AzureNames.) (A lone surrogate is not in a tag's
 * name: the JSON reader refuses one in a field name, so it cannot get that far.)
 */
public final class HostileTenant {

    public static final String SUB = "3f1a2b4c-0000-4000-8000-0000000000bd";
    /** As it appears in the snapshot's JSON: every forbidden character as a JSON escape, so the file itself is valid. */
    public static final String HOSTILE_JSON = "nul\\u0000one\\u0001fffe\\uFFFElone\\uD800rlo\\u202Eend";
    /** The same text once decoded. */
    public static final String HOSTILE = "nul\u0000one\u0001fffe\uFFFElone\uD800rlo\u202Eend";
    /** Scripts DejaVu lacks (Chinese, Japanese, Korean), one it has (Arabic), and two no bundled font has. */
    public static final String CJK = "漢字かな한국어";
    public static final String SCRIPTS = CJK + " مرحبا नम 🦄";
    public static final String VAULT = "kv-hostile";
    public static final String ROLE = "Wildcard " + HOSTILE;

    private HostileTenant() {}

    public static Path write(Path dir) throws IOException {
        String rg = "/subscriptions/" + SUB + "/resourceGroups/rg-x/providers/Microsoft.KeyVault/vaults/";
        TinyTenant.put(dir, "snapshot.json", "{\"formatVersion\":1,\"tenantId\":\"72f988bf-0000-4000-8000-00000000c0de\","
                + "\"capturedAt\":\"2026-11-20T06:00:00Z\",\"cloud\":\"AzureCloud\"}");
        TinyTenant.put(dir, "subscriptions.json", "{\"value\":[{\"id\":\"/subscriptions/" + SUB + "\",\"subscriptionId\":\"" + SUB
                + "\",\"displayName\":\"sub " + HOSTILE_JSON + "\",\"state\":\"Enabled\"}]}");
        TinyTenant.put(dir, "subscriptions/" + SUB + "/vaults.json", "{\"value\":[{\"id\":\"" + rg + VAULT + "\",\"name\":\"" + VAULT
                + "\",\"location\":\"westeurope\",\"tags\":{\"note\":\"" + HOSTILE_JSON + "\",\"scripts\":\"" + SCRIPTS
                + "\",\"k\\u0000\\u202E\":\"v\"},\"properties\":{\"tenantId\":\"t\",\"enableSoftDelete\":false,"
                + "\"enablePurgeProtection\":false,\"enableRbacAuthorization\":true,\"publicNetworkAccess\":\"Enabled\","
                + "\"vaultUri\":\"https://" + VAULT + ".vault.azure.net/\"}}]}");
        String roleId = "/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/0000000b-0000-4000-8000-00000000000d";
        TinyTenant.put(dir, "subscriptions/" + SUB + "/roleDefinitions.json", "{\"value\":[{\"id\":\"" + roleId
                + "\",\"name\":\"0000000b-0000-4000-8000-00000000000d\",\"properties\":{\"roleName\":\"Wildcard " + HOSTILE_JSON
                + "\",\"type\":\"CustomRole\",\"description\":\"desc " + HOSTILE_JSON + "\",\"assignableScopes\":[\"/subscriptions/" + SUB
                + "\"],\"permissions\":[{\"actions\":[\"*\"],\"notActions\":[],\"dataActions\":[],\"notDataActions\":[]}]}}]}");
        TinyTenant.put(dir, "subscriptions/" + SUB + "/roleAssignments.json", "{\"value\":[{\"id\":\"/subscriptions/" + SUB
                + "/providers/Microsoft.Authorization/roleAssignments/0000000a-0000-4000-8000-00000000000a\",\"name\":\"0000000a-0000-4000-8000-00000000000a\","
                + "\"properties\":{\"roleDefinitionId\":\"" + roleId + "\",\"principalId\":\"0000000c-0000-4000-8000-00000000000c\","
                + "\"principalType\":\"User\",\"scope\":\"/subscriptions/" + SUB + "\",\"description\":\"" + HOSTILE_JSON + "\"}}]}");
        TinyTenant.put(dir, "vaults/" + VAULT + "/secrets.json", "{\"value\":[{\"id\":\"https://" + VAULT
                + ".vault.azure.net/secrets/s-hostile\",\"contentType\":\"ct " + HOSTILE_JSON + "\","
                + "\"attributes\":{\"enabled\":true,\"created\":1788256693,\"updated\":1788256693},\"tags\":{\"t\":\"" + HOSTILE_JSON + "\"}},"
                + "{\"id\":\"https://" + VAULT + ".vault.azure.net/secrets/s-scripts\","
                + "\"attributes\":{\"enabled\":true,\"created\":1788256693,\"updated\":1788256693},\"tags\":{}}]}");
        return dir;
    }
}
