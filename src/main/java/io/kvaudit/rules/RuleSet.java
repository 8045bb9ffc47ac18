package io.kvaudit.rules;

import io.kvaudit.model.ResourceKind;

import java.util.List;
import java.util.Optional;

/**
 * The loaded, type-checked rule set (rules and activity detectors) with its framework mappings; {@code digest} is "sha256:..." over every rule and
 * framework file, so a report names exactly which rules it applied.
 */
public record RuleSet(List<CompiledRule> rules, List<ConfiguredDetector> detectors, List<Framework> frameworks, String digest,
                      String origin) {

    public RuleSet(List<CompiledRule> rules, List<Framework> frameworks, String digest, String origin) {
        this(rules, List.of(), frameworks, digest, origin);
    }

    public List<ConfiguredDetector> enabledDetectors() { return detectors.stream().filter(ConfiguredDetector::enabled).toList(); }

    public Optional<ConfiguredDetector> findDetector(String id) { return detectors.stream().filter(d -> d.id().equals(id)).findFirst(); }

    public List<CompiledRule> enabled(ResourceKind kind) {
        return rules.stream().filter(r -> r.enabled() && r.definition().resource() == kind).toList();
    }

    public List<CompiledRule> enabledRules() { return rules.stream().filter(CompiledRule::enabled).toList(); }

    /** Every rule and detector id: what exception files and overrides may name. */
    public java.util.Set<String> checkIds() {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        rules.forEach(r -> ids.add(r.id()));
        detectors.forEach(d -> ids.add(d.id()));
        return ids;
    }

    public Optional<CompiledRule> find(String id) { return rules.stream().filter(r -> r.id().equals(id)).findFirst(); }
}
