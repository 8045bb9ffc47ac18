package io.kvaudit.waiver;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.YamlNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an exceptions file (docs/exceptions.md). Every entry needs {@code rule}, exactly one of {@code resource} or
 * {@code scope}, {@code reason}, {@code owner} and {@code expires} (YYYY-MM-DD); anything else is a configuration error
 * naming the file, line and column.
 */
public final class ExceptionsFile {

    private static final Set<String> KEYS = Set.of("rule", "resource", "scope", "principal", "reason", "owner", "expires");

    private ExceptionsFile() {}

    public static List<ExceptionEntry> read(Path file, Set<String> knownRules) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigurationException(file + ": exceptions file cannot be read: " + e.getMessage());
        }
        YamlNode root = YamlNode.parse(text, file.toString());
        if (root.isMissing()) return List.of();
        root.requireMapping("an exceptions file with a top-level 'exceptions:' list");
        root.allowOnly(Set.of("exceptions"));
        List<ExceptionEntry> out = new ArrayList<>();
        for (YamlNode e : root.get("exceptions").elements()) {
            e.requireMapping("an exception entry");
            e.allowOnly(KEYS);
            YamlNode ruleNode = e.get("rule");
            String rule = ruleNode.requiredText();
            if (knownRules != null && !knownRules.contains(rule))
                throw ruleNode.error("unknown rule id \"" + rule + "\" (see kvaudit rules list)");
            String resource = lower(e.get("resource").text());
            String scope = lower(e.get("scope").text());
            if ((resource == null) == (scope == null))
                throw e.error("expected exactly one of 'resource' (an exact resource id) or 'scope' (a subscription or vault id)");
            if (scope != null && scope.endsWith("/")) scope = scope.substring(0, scope.length() - 1);
            if (scope != null && !ExceptionTarget.isScope(scope))
                throw e.get("scope").error("expected " + ExceptionTarget.SCOPE_EXPECTED + ", found \"" + e.get("scope").text() + "\"");
            if (resource != null && !ExceptionTarget.isResource(resource))
                throw e.get("resource").error("expected " + ExceptionTarget.RESOURCE_EXPECTED + ", found \""
                        + e.get("resource").text() + "\"");
            String principal = lower(e.get("principal").text());
            if (principal != null && !rule.startsWith("activity-"))
                throw e.get("principal").error("a principal limits an activity detector's exception to one caller; rule " + rule
                        + " judges resources, not callers");
            if (principal != null && principal.isEmpty()) throw e.get("principal").error("expected an object id, app id or UPN");
            String reason = e.get("reason").requiredText();
            String owner = e.get("owner").requiredText();
            YamlNode exp = e.get("expires");
            LocalDate expires;
            try {
                expires = LocalDate.parse(exp.requiredText());
            } catch (DateTimeParseException ex) {
                throw exp.error("expected a date YYYY-MM-DD, found \"" + exp.text() + "\"");
            }
            out.add(new ExceptionEntry(rule, resource, scope, principal, reason, owner, expires, e.location()));
        }
        return List.copyOf(out);
    }

    private static String lower(String s) { return s == null ? null : s.strip().toLowerCase(Locale.ROOT); }
}
