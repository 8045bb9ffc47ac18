package io.kvaudit.model;

import java.util.List;

/** What was collected for one vault: its settings plus the properties of its objects (never values). */
public record VaultInventory(Vault vault, Collected<List<DiagnosticSetting>> diagnosticSettings,
                             Collected<List<Secret>> secrets, Collected<List<Key>> keys,
                             Collected<List<Certificate>> certificates) {}
