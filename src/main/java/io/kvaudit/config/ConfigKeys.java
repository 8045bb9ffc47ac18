package io.kvaudit.config;

import io.kvaudit.source.azure.AuthMethod;
import io.kvaudit.source.azure.AzureEndpoints;
import io.kvaudit.source.azure.LiveOptions;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The keys kvaudit's configuration accepts and what each value must be. One description serves both checks: the
 * {@code --config} file's, before Spring starts ({@link ConfigFile}, with line:column), and binding's
 * ({@link KvauditProperties}' constructors), so a value from an environment variable meets the same ranges as one
 * from a file.
 */
final class ConfigKeys {

    private ConfigKeys() {}

    /** What may stand under a key. */
    sealed interface Shape permits Section, Entries, Mapping, Anything, Scalar, ScalarList {}

    /** A mapping of known keys (the names as kvaudit documents them, kebab-case). */
    record Section(Map<String, Shape> keys) implements Shape {
        /** The child a key names, in any form Spring's relaxed binding accepts (maxInFlight, max_in_flight). */
        Shape find(String key) {
            for (var e : keys.entrySet()) if (uniform(e.getKey()).equals(uniform(key))) return e.getValue();
            return null;
        }

        String known() { return String.join(", ", keys.keySet()); }
    }

    /** A mapping whose keys are the user's (rule ids), each value of one shape. */
    record Entries(Shape each) implements Shape {}

    /** Any mapping; its contents are checked elsewhere (a rule's params, against the rule's definition). */
    record Mapping(String expected) implements Shape {}

    /** Not kvaudit's to check: Spring's own settings. */
    record Anything() implements Shape {}

    /** One value; {@code problem} gives what was expected, or null when the text is acceptable. */
    record Scalar(Function<String, String> problem) implements Shape {}

    /** A list of text values (Spring also takes one comma-separated value). */
    record ScalarList() implements Shape {}

    static final Section ROOT = section(
            "kvaudit", section(
                    "threads", wholeNumber(0, "0 (one per core) or more"),
                    "rules", section(
                            "params", new Entries(new Mapping("a mapping of param names to values")),
                            "enable", new ScalarList(),
                            "disable", new ScalarList()),
                    "live", section(
                            "auth", oneOf(true, Arrays.stream(AuthMethod.values()).map(m -> m.label).toList()),
                            "client-id", text(),
                            "tenant-id", text(),
                            "cloud", oneOf(true, AzureEndpoints.CLOUDS.values().stream().map(AzureEndpoints::cloud).sorted().toList()),
                            "arm-endpoint", text(),
                            "logs-endpoint", text(),
                            "objects-via", oneOf(false, List.of(LiveOptions.RESOURCE_MANAGER, LiveOptions.DATA_PLANE)),
                            "object-policies", bool(),
                            "max-in-flight", wholeNumber(1, "1 or more"),
                            "max-in-flight-per-vault", wholeNumber(1, "1 or more"),
                            "max-in-flight-per-subscription", wholeNumber(1, "1 or more"),
                            "max-retries", wholeNumber(0, "0 or more"),
                            "timeout-seconds", wholeNumber(1, "1 or more")),
                    "notify", section(
                            // a URL that carries its key: the check's message never repeats its path or query
                            "webhook", new Scalar(io.kvaudit.notify.WebhookUrl::problem),
                            "attempts", wholeNumber(1, 10, "1 to 10"),
                            "timeout-seconds", wholeNumber(1, 300, "1 to 300"))),
            // the run-history database (spring.datasource.*) and log levels are documented; Spring checks its own keys
            "spring", new Anything(),
            "logging", new Anything());

    /**
     * Checks one bound value, named as documented ("kvaudit.live.max-in-flight"): the second line behind
     * {@link ConfigFile}, for values that come from the environment or system properties.
     */
    static void check(String name, Object value) {
        if (value == null) return;
        Shape shape = ROOT;
        for (String part : name.split("\\.")) shape = ((Section) shape).find(part);
        if (shape instanceof Scalar s) {
            String problem = s.problem().apply(String.valueOf(value));
            if (problem != null) throw new ConfigurationException(name + ": " + problem);
        }
    }

    /** The form Spring compares names in: case, dashes and underscores do not matter. */
    static String uniform(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    private static Section section(Object... namesAndShapes) {
        Map<String, Shape> keys = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) keys.put((String) namesAndShapes[i], (Shape) namesAndShapes[i + 1]);
        return new Section(keys);
    }

    private static Scalar text() { return new Scalar(t -> null); }

    // a blank value means "not set" everywhere, as Spring binds it to null
    private static Scalar wholeNumber(int min, String expected) {
        return wholeNumber(min, Integer.MAX_VALUE, expected);
    }

    private static Scalar wholeNumber(int min, int max, String expected) {
        return new Scalar(t -> {
            if (t.isBlank()) return null;
            try {
                int v = Integer.decode(t.strip().replace("_", ""));
                return v >= min && v <= max ? null : "expected " + expected + ", found " + t.strip();
            } catch (NumberFormatException e) {
                return "expected a whole number, " + expected + ", found \"" + t + "\"";
            }
        });
    }

    // what both YAML 1.1 and Spring's converter read as a boolean
    private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no", "on", "off");

    private static Scalar bool() {
        return new Scalar(t -> t.isBlank() || BOOLEANS.contains(t.strip().toLowerCase(Locale.ROOT)) ? null
                : "expected true or false, found \"" + t + "\"");
    }

    private static Scalar oneOf(boolean ignoreCase, List<String> choices) {
        return new Scalar(t -> {
            if (t.isBlank()) return null;
            for (String c : choices) if (ignoreCase ? c.equalsIgnoreCase(t.strip()) : c.equals(t)) return null;
            return "expected one of " + String.join(", ", choices) + ", found \"" + t + "\"";
        });
    }
}
