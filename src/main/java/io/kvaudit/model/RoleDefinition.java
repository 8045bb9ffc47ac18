package io.kvaudit.model;

import java.util.List;

/**
 * A role definition with its permissions merged over all permission blocks. {@code id} is the definition's full id
 * lower-cased; {@code name} its GUID. {@code roleType} is "BuiltInRole" or "CustomRole".
 */
public record RoleDefinition(String id, String name, String roleName, String roleType,
                             List<String> actions, List<String> notActions,
                             List<String> dataActions, List<String> notDataActions) {

    public boolean isCustom() { return "CustomRole".equalsIgnoreCase(roleType); }
}
