package io.kvaudit.rules;

import dev.cel.runtime.CelRuntime;

import java.util.List;
import java.util.Map;

/**
 * A rule ready to evaluate: its definition, its compiled expressions, its effective params (defaults plus this run's
 * overrides), whether it is enabled in this run, and the framework controls that list it.
 */
public record CompiledRule(RuleDefinition definition, CelRuntime.Program appliesWhen, CelRuntime.Program condition,
                           List<MessagePart> message, Map<String, CelRuntime.Program> evidence,
                           Map<String, Object> params, boolean enabled, List<String> controls) {

    /** A literal piece of the message template, or a compiled {@code {expression}}. */
    public record MessagePart(String literal, CelRuntime.Program expression) {}

    public String id() { return definition.id(); }
}
