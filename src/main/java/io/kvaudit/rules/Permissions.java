package io.kvaudit.rules;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Azure RBAC permission matching: an operation is allowed when some entry of {@code actions} (or
 * {@code dataActions}) matches it and no entry of {@code notActions} ({@code notDataActions}) does. Entries may hold
 * {@code *} wildcards anywhere ("*", "Microsoft.KeyVault/*", "Microsoft.KeyVault/vaults/*&#47;read"); matching is
 * case-insensitive, as Azure's is.
 */
public final class Permissions {

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private Permissions() {}

    public static boolean allows(List<String> grants, List<String> denies, String operation) {
        return grants.stream().anyMatch(g -> matches(g, operation))
                && denies.stream().noneMatch(d -> matches(d, operation));
    }

    /**
     * The grants that some operation still passes through: those no deny covers whole. A grant of {@code *} with a
     * deny of {@code *} grants nothing; a grant of {@code *} with a deny of {@code Microsoft.KeyVault/*} still grants
     * everything else. A deny covers a grant when it matches the grant read literally: every '*' of the grant then lies
     * inside one of the deny's wildcards, so whatever the grant's '*' stands for, the deny matches it too.
     */
    public static List<String> effective(List<String> grants, List<String> denies) {
        return grants.stream().filter(g -> denies.stream().noneMatch(d -> matches(d, g))).toList();
    }

    public static boolean matches(String pattern, String operation) {
        if (pattern.equals("*")) return true;
        if (pattern.indexOf('*') < 0) return pattern.equalsIgnoreCase(operation);
        return PATTERNS.computeIfAbsent(pattern.toLowerCase(Locale.ROOT), Permissions::compile)
                .matcher(operation.toLowerCase(Locale.ROOT)).matches();
    }

    private static Pattern compile(String wildcard) {
        StringBuilder re = new StringBuilder();
        String[] parts = wildcard.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) re.append(".*");
            if (!parts[i].isEmpty()) re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }
}
