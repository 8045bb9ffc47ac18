package io.kvaudit.rules;

import java.util.List;

/**
 * A compliance framework mapped to rules ({@code rules/frameworks/*.yaml}). A control lists the rules that test it,
 * or is {@code manual} with guidance for the auditor.
 */
public record Framework(String id, String prefix, String name, String version, String url, String description,
                        List<Control> controls) {

    public record Control(String id, String title, List<String> rules, boolean manual, String guidance) {}

    /** The tag results carry for a control, e.g. "CIS-Azure-2.0:8.5". */
    public String tag(Control c) { return prefix + ":" + c.id(); }
}
