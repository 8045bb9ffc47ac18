package io.kvaudit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A two-vault snapshot written by tests: kv-bad fails soft delete (high), kv-good passes; objects not collected. */
public final class TinyTenant {

    public static final String SUB = "3f1a2b4c-0000-4000-8000-000000000001";
    public static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/";

    private TinyTenant() {}

    public static Path write(Path dir) throws IOException {
        put(dir, "snapshot.json", "{\"formatVersion\":1,\"tenantId\":\"72f988bf-0000-4000-8000-00000000c0de\",\"capturedAt\":\"2026-11-20T06:00:00Z\",\"cloud\":\"AzureCloud\"}");
        put(dir, "subscriptions.json", "{\"value\":[{\"id\":\"/subscriptions/" + SUB + "\",\"subscriptionId\":\"" + SUB + "\",\"displayName\":\"tiny\",\"state\":\"Enabled\"}]}");
        put(dir, "subscriptions/" + SUB + "/vaults.json", "{\"value\":[" + vault("kv-bad", false) + "," + vault("kv-good", true) + "]}");
        return dir;
    }

    public static String vault(String name, boolean softDelete) {
        return "{\"id\":\"" + RG + name + "\",\"name\":\"" + name + "\",\"location\":\"westeurope\",\"properties\":{\"tenantId\":\"t\","
                + "\"enableSoftDelete\":" + softDelete + ",\"enablePurgeProtection\":true,\"enableRbacAuthorization\":true,"
                + "\"publicNetworkAccess\":\"Disabled\",\"vaultUri\":\"https://" + name + ".vault.azure.net/\"}}";
    }

    public static void put(Path dir, String rel, String content) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
