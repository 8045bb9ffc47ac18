package io.kvaudit.source;

import io.kvaudit.config.JsonPathNode;

import java.util.regex.Pattern;

/**
 * Azure's naming rules for the names kvaudit takes from Azure's answers and then uses: as folders of a snapshot
 * ({@code vaults/<name>/}, {@code keys/<name>/}), in request URLs, in result ids. A name outside its rule cannot
 * have come from Azure, and one such as {@code ../../x} would lead a read, a request or an export write somewhere
 * else, so it is refused where the answer is mapped: a snapshot file holding one is malformed, a live answer holding
 * one is a failed read.
 */
public final class AzureNames {

    public enum Kind {
        SUBSCRIPTION("a subscription id", "a GUID such as 3f1a2b4c-0000-4000-8000-000000000001",
                "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
        /** Key Vault's own rule (Microsoft.KeyVault naming rules), checked by Azure when a vault is created. */
        VAULT("a vault name", "3-24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, "
                + "no two hyphens in a row", "[A-Za-z](?!.*--)[A-Za-z0-9-]{1,22}[A-Za-z0-9]"),
        SECRET("a secret name", OBJECT_RULE, OBJECT_NAME),
        KEY("a key name", OBJECT_RULE, OBJECT_NAME),
        CERTIFICATE("a certificate name", OBJECT_RULE, OBJECT_NAME);

        private final String noun;
        private final String rule;
        private final Pattern pattern;

        Kind(String noun, String rule, String pattern) {
            this.noun = noun;
            this.rule = rule;
            this.pattern = Pattern.compile(pattern);
        }

        public boolean accepts(String name) { return name != null && pattern.matcher(name).matches(); }

        /** What a valid name looks like, for messages: "a key name (1-127 letters, digits and hyphens)". */
        public String expected() { return noun + " (" + rule + ")"; }
    }

    private static final String OBJECT_RULE = "1-127 letters, digits and hyphens";
    private static final String OBJECT_NAME = "[0-9A-Za-z-]{1,127}";

    private static final String GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    /**
     * A Log Analytics workspace's ARM id, as Azure's rules allow it: subscription GUID, resource group (1-90 letters,
     * digits, underscores, hyphens, periods and parentheses, not ending with a period), workspace name (4-63 letters,
     * digits and hyphens, starting and ending with a letter or digit).
     */
    private static final Pattern WORKSPACE_ID = Pattern.compile("(?i)/subscriptions/" + GUID
            + "/resourceGroups/(?!\\.+/)[-\\w.()]{0,89}[-\\w()]/providers/Microsoft\\.OperationalInsights/workspaces/"
            + "[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]");

    private AzureNames() {}

    /** True for a GUID such as a workspace's customerId. */
    public static boolean isGuid(String s) { return s != null && s.matches(GUID); }

    /** Why {@code id} is no workspace id by Azure's rules (it would go into a request URL and an export's name); empty when it is one. */
    public static java.util.Optional<String> workspaceIdProblem(String id) {
        if (id != null && WORKSPACE_ID.matcher(id).matches()) return java.util.Optional.empty();
        return java.util.Optional.of("expected a Log Analytics workspace id /subscriptions/{GUID}/resourceGroups/{group}/providers/"
                + "Microsoft.OperationalInsights/workspaces/{4-63 letters, digits and hyphens}, found " + JsonPathNode.quoted(String.valueOf(id)));
    }

    /** {@code name}, read from the field {@code where}; refused when it breaks its kind's rule. */
    public static String check(Kind kind, String name, JsonPathNode where) {
        if (!kind.accepts(name)) throw new InvalidNameException(where, kind.expected(), name);
        return name;
    }

    /** {@code name}, taken from the id held in the field {@code where} (an ARM id, a Key Vault URL). */
    public static String checkInId(Kind kind, String name, JsonPathNode where, String id) {
        if (!kind.accepts(name)) throw new InvalidNameException(where, "an id with " + kind.expected(), id);
        return name;
    }
}
