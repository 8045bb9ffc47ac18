package io.kvaudit.rules;

import io.kvaudit.model.Severity;

import java.util.List;
import java.util.Map;

/**
 * An activity detector as written in {@code rules/activity/<id>/detector.yaml}: its metadata and default thresholds.
 * The logic is a small Java function of the same id ({@code io.kvaudit.activity.detectors}); the thresholds, the
 * severity and whether it runs are data, overridable per run like a rule's ({@code kvaudit.rules.params.<id>}).
 *
 * @param mitre          MITRE ATT&CK techniques the finding suggests (e.g. T1555.006); empty for hygiene detectors
 * @param falsePositives what an analyst should rule out before acting
 */
public record DetectorDefinition(String id, String title, Severity severity, boolean enabledByDefault, List<String> mitre,
                                 Map<String, Object> params, String description, String risk, String remediation,
                                 String falsePositives, List<String> references, String file) {}
