package io.kvaudit.waiver;

import java.util.regex.Pattern;

/**
 * What an exception may name. A {@code scope} is a management group, subscription, resource group or vault id, and
 * nothing wider: an empty scope, "/" or "/subscriptions" once muted a rule across the whole tenant. A
 * {@code resource} is one Azure resource id under a subscription or a management group (a vault, an object in it, a
 * role assignment, a subscription). Ids are compared lower-cased, as results carry them.
 */
final class ExceptionTarget {

    private static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    /** Azure's resource group and management group names: letters, digits, '_', '(', ')', '-', '.'; not ending in '.'. */
    private static final String GROUP = "[\\p{L}\\p{N}_().-]{0,89}[\\p{L}\\p{N}_()-]";
    private static final String SUBSCRIPTION = "/subscriptions/" + GUID;
    private static final String MANAGEMENT_GROUP = "/providers/microsoft\\.management/managementgroups/" + GROUP;
    private static final String RESOURCE_GROUP = SUBSCRIPTION + "/resourcegroups/" + GROUP;
    /** Key Vault's names: 3 to 24 letters, digits and single hyphens, starting with a letter. */
    private static final String VAULT = RESOURCE_GROUP + "/providers/microsoft\\.keyvault/vaults/[a-z](?:-?[a-z0-9]){2,23}";

    private static final Pattern SCOPE = Pattern.compile(MANAGEMENT_GROUP + "|" + SUBSCRIPTION + "|" + RESOURCE_GROUP + "|" + VAULT);
    /** An id under a subscription or management group: more segments, none empty, no "." or "..", no wildcard. */
    private static final Pattern RESOURCE = Pattern.compile("(?:" + SUBSCRIPTION + "|" + MANAGEMENT_GROUP + ")"
            + "(?:/(?!\\.{1,2}(?:/|$))[^/\\s*]+)*");

    static final String SCOPE_EXPECTED = "a management group (/providers/Microsoft.Management/managementGroups/<name>), "
            + "subscription (/subscriptions/<guid>), resource group (/subscriptions/<guid>/resourceGroups/<name>) or vault id "
            + "(.../providers/Microsoft.KeyVault/vaults/<name>)";
    static final String RESOURCE_EXPECTED = "one resource id as results.json gives it, such as "
            + "/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>/secrets/<secret>";

    private ExceptionTarget() {}

    /** True when the lower-cased id is a scope an exception may cover. */
    static boolean isScope(String id) { return SCOPE.matcher(id).matches(); }

    /** True when the lower-cased id names one resource. */
    static boolean isResource(String id) { return RESOURCE.matcher(id).matches(); }
}
