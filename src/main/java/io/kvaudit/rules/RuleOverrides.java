package io.kvaudit.rules;

import java.util.Map;
import java.util.Set;

/** This run's changes to the rule set from configuration: param values per rule id, rules switched on or off. */
public record RuleOverrides(Map<String, Map<String, Object>> params, Set<String> enable, Set<String> disable) {

    public static RuleOverrides none() { return new RuleOverrides(Map.of(), Set.of(), Set.of()); }
}
