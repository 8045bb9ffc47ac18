package io.kvaudit.rules;

import io.kvaudit.model.ResourceKind;
import io.kvaudit.model.Severity;

import java.util.List;
import java.util.Map;

/**
 * A rule as written in {@code rules/<resource>/<id>/rule.yaml}. {@code condition} is a CEL expression that is true
 * when the resource FAILS; {@code appliesWhen} (optional) limits which resources are evaluated at all;
 * {@code message} may embed CEL expressions in braces; {@code evidence} maps names to CEL expressions evaluated on
 * FAIL. {@code file} is the path shown in messages and used as the SARIF location.
 */
public record RuleDefinition(String id, String title, Severity severity, ResourceKind resource, boolean enabledByDefault,
                             String appliesWhen, String condition, String message, Map<String, String> evidence,
                             Map<String, Object> params, String description, String risk, String remediation,
                             List<String> references, String file,
                             Map<String, SourcePosition> positions) {

    /** Where an expression field starts in the rule file (1-based), and its YAML scalar style ('|', '>', '"', '\'' or 0). */
    public record SourcePosition(int line, int column, char style) {}
}
