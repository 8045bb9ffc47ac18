package io.kvaudit.rules;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.kvaudit.model.ResourceKind;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The CEL environment rules are compiled in: the declared variables of {@link RuleSchema}, {@code now} (the
 * evaluation clock), the rule's {@code params} as a typed struct, the standard macros ({@code has}, {@code exists},
 * {@code all}, {@code filter}, {@code map}), the CEL strings extension ({@code lowerAscii()}, {@code split()}, ...:
 * prefer {@code x.lowerAscii() == 'rotate'} to {@code matches('(?i)...')} on hot paths, since {@code matches} compiles its
 * pattern on every call) and kvaudit's functions:
 * <ul>
 *   <li>{@code days(int) -> duration}</li>
 *   <li>{@code role.allowsAction(string) -> bool} and {@code role.allowsDataAction(string) -> bool}: Azure RBAC
 *       wildcard matching of actions/notActions and dataActions/notDataActions</li>
 *   <li>{@code role.effectiveActions() -> list(string)} and {@code role.effectiveDataActions() -> list(string)}: the
 *       entries of actions (dataActions) that no entry of notActions (notDataActions) cancels whole</li>
 *   <li>{@code cidrPrefix(string) -> int}: the prefix length of an IP rule ("1.2.3.4" is /32)</li>
 * </ul>
 * Expressions cannot reach Java types and have no side effects.
 */
public final class CelEnvironment {

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .build();

    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addLibraries(CelExtensions.strings())
            .addFunctionBindings(
                    CelFunctionBinding.from("days_int", Long.class, d -> Duration.ofDays(d)),
                    CelFunctionBinding.from("role_allows_action", Map.class, String.class,
                            (role, op) -> allows(role, "actions", "notActions", op)),
                    CelFunctionBinding.from("role_allows_data_action", Map.class, String.class,
                            (role, op) -> allows(role, "dataActions", "notDataActions", op)),
                    CelFunctionBinding.from("role_effective_actions", Map.class,
                            role -> effective(role, "actions", "notActions")),
                    CelFunctionBinding.from("role_effective_data_actions", Map.class,
                            role -> effective(role, "dataActions", "notDataActions")),
                    CelFunctionBinding.from("cidr_prefix_string", String.class, CelEnvironment::cidrPrefix))
            .build();

    private CelEnvironment() {}

    public static CelRuntime runtime() { return RUNTIME; }

    /** A compiler for one rule: its resource's variables and its own params type. */
    public static CelCompiler compiler(ResourceKind kind, StructType paramsType, CelType resultType) {
        CelCompilerBuilder b = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addLibraries(CelExtensions.strings())
                .setTypeProvider(RuleSchema.typeProvider(List.of(paramsType)))
                .addVar("now", SimpleType.TIMESTAMP)
                .addVar("params", paramsType)
                .addFunctionDeclarations(
                        CelFunctionDecl.newFunctionDeclaration("days",
                                CelOverloadDecl.newGlobalOverload("days_int", SimpleType.DURATION, SimpleType.INT)),
                        CelFunctionDecl.newFunctionDeclaration("allowsAction",
                                CelOverloadDecl.newMemberOverload("role_allows_action", SimpleType.BOOL,
                                        RuleSchema.ROLE_DEFINITION, SimpleType.STRING)),
                        CelFunctionDecl.newFunctionDeclaration("allowsDataAction",
                                CelOverloadDecl.newMemberOverload("role_allows_data_action", SimpleType.BOOL,
                                        RuleSchema.ROLE_DEFINITION, SimpleType.STRING)),
                        CelFunctionDecl.newFunctionDeclaration("effectiveActions",
                                CelOverloadDecl.newMemberOverload("role_effective_actions", ListType.create(SimpleType.STRING),
                                        RuleSchema.ROLE_DEFINITION)),
                        CelFunctionDecl.newFunctionDeclaration("effectiveDataActions",
                                CelOverloadDecl.newMemberOverload("role_effective_data_actions", ListType.create(SimpleType.STRING),
                                        RuleSchema.ROLE_DEFINITION)),
                        CelFunctionDecl.newFunctionDeclaration("cidrPrefix",
                                CelOverloadDecl.newGlobalOverload("cidr_prefix_string", SimpleType.INT, SimpleType.STRING)));
        RuleSchema.variables(kind).forEach(b::addVar);
        if (resultType != null) b.setResultType(resultType);
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static boolean allows(Map<?, ?> role, String grants, String denies, String operation) {
        Object g = role.get(grants), d = role.get(denies);
        return Permissions.allows(g == null ? List.of() : (List<String>) g, d == null ? List.of() : (List<String>) d, operation);
    }

    @SuppressWarnings("unchecked")
    private static List<String> effective(Map<?, ?> role, String grants, String denies) {
        Object g = role.get(grants), d = role.get(denies);
        return Permissions.effective(g == null ? List.of() : (List<String>) g, d == null ? List.of() : (List<String>) d);
    }

    /** The prefix length of an IPv4/IPv6 rule; a bare address is a single host (/32 or /128). */
    static long cidrPrefix(String rule) {
        int slash = rule.indexOf('/');
        if (slash < 0) return rule.contains(":") ? 128 : 32;
        try {
            return Long.parseLong(rule.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            return rule.contains(":") ? 128 : 32;
        }
    }
}
