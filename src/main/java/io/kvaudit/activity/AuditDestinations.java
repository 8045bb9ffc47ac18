package io.kvaudit.activity;

import io.kvaudit.model.DiagnosticSetting;
import io.kvaudit.model.Inventory;
import io.kvaudit.model.LogSetting;
import io.kvaudit.model.VaultInventory;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the inventory says Key Vault's AuditEvent logs go: per Log Analytics workspace (lower-cased ARM id, in id
 * order), the tables to read. A diagnostic setting's {@code logAnalyticsDestinationType} decides: {@code Dedicated}
 * sends to the resource-specific AZKVAuditLogs table, none (or {@code AzureDiagnostics}) to the AzureDiagnostics
 * table, anything else is unknown and both are read.
 */
public final class AuditDestinations {

    public enum Table { AzureDiagnostics, AZKVAuditLogs }

    private AuditDestinations() {}

    public static Map<String, Set<Table>> of(Inventory inventory) {
        Map<String, Set<Table>> out = new TreeMap<>();
        for (VaultInventory vi : inventory.vaults()) {
            List<DiagnosticSetting> settings = vi.diagnosticSettings().orNull();
            if (settings == null) continue;
            for (DiagnosticSetting d : settings) {
                if (d.workspaceId() == null || d.logs().stream().noneMatch(LogSetting::sendsAuditEvent)) continue;
                out.computeIfAbsent(d.workspaceId().toLowerCase(Locale.ROOT), k -> EnumSet.noneOf(Table.class))
                        .addAll(tables(d.logAnalyticsDestinationType()));
            }
        }
        return out;
    }

    static Set<Table> tables(String destinationType) {
        if (destinationType == null || destinationType.isBlank() || destinationType.equalsIgnoreCase("AzureDiagnostics"))
            return EnumSet.of(Table.AzureDiagnostics);
        if (destinationType.equalsIgnoreCase("Dedicated")) return EnumSet.of(Table.AZKVAuditLogs);
        return EnumSet.allOf(Table.class);
    }
}
