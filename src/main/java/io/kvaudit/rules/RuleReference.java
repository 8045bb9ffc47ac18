package io.kvaudit.rules;

import java.util.stream.Collectors;

/** The rule and detector reference in Markdown, generated from the rule files (docs/rules.md, {@code kvaudit rules show}). */
public final class RuleReference {

    private RuleReference() {}

    public static String document(RuleSet set) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Rule reference\n\n")
                .append("Generated from `rules/` by `kvaudit rules docs --out docs/rules.md`; do not edit by hand.\n")
                .append("Rule set digest: `").append(set.digest()).append("`.\n\n")
                .append("| id | severity | resource | default | title |\n|---|---|---|---|---|\n");
        for (CompiledRule r : set.rules()) {
            var d = r.definition();
            sb.append("| [`").append(d.id()).append("`](#").append(d.id()).append(") | ").append(d.severity().label())
                    .append(" | ").append(d.resource().key()).append(" | ").append(d.enabledByDefault() ? "on" : "off")
                    .append(" | ").append(d.title()).append(" |\n");
        }
        sb.append('\n');
        for (CompiledRule r : set.rules()) sb.append(rule(r)).append('\n');
        if (!set.detectors().isEmpty()) {
            sb.append("# Activity detectors\n\n")
                    .append("Judged on the Key Vault audit logs joined with the inventory (docs/activity.md); thresholds are params, ")
                    .append("overridable like a rule's (`kvaudit.rules.params.<id>`).\n\n")
                    .append("| id | severity | MITRE ATT&CK | default | title |\n|---|---|---|---|---|\n");
            for (ConfiguredDetector r : set.detectors()) {
                var d = r.definition();
                sb.append("| [`").append(d.id()).append("`](#").append(d.id()).append(") | ").append(d.severity().label())
                        .append(" | ").append(d.mitre().isEmpty() ? "" : String.join(", ", d.mitre())).append(" | ")
                        .append(d.enabledByDefault() ? "on" : "off").append(" | ").append(d.title()).append(" |\n");
            }
            sb.append('\n');
            for (ConfiguredDetector r : set.detectors()) sb.append(detector(r)).append('\n');
        }
        sb.append("## Frameworks\n\n");
        for (Framework f : set.frameworks()) {
            sb.append("### ").append(f.name()).append(f.version() == null ? "" : " " + f.version()).append(" (`")
                    .append(f.prefix()).append("`)\n\n");
            if (f.description() != null) sb.append(f.description().strip()).append("\n\n");
            sb.append("| control | title | rules |\n|---|---|---|\n");
            for (Framework.Control c : f.controls()) {
                sb.append("| ").append(c.id()).append(" | ").append(c.title().replace("|", "\\|")).append(" | ")
                        .append(c.manual() ? "manual review" : c.rules().stream().map(x -> "`" + x + "`").collect(Collectors.joining(", ")))
                        .append(" |\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static String detector(ConfiguredDetector r) {
        DetectorDefinition d = r.definition();
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(d.id()).append("\n\n")
                .append("**").append(d.title()).append("**  \n")
                .append("Severity: ").append(d.severity().label()).append(" · Activity detector")
                .append(d.mitre().isEmpty() ? "" : " · MITRE ATT&CK: " + String.join(", ", d.mitre()))
                .append(" · Default: ").append(d.enabledByDefault() ? "on" : "off")
                .append(" · File: `").append(d.file()).append("`\n\n");
        if (!r.controls().isEmpty()) sb.append("Controls: ").append(String.join(", ", r.controls())).append("\n\n");
        sb.append(d.description().strip()).append("\n\n");
        sb.append("*Risk.* ").append(d.risk().strip()).append("\n\n");
        if (!r.params().isEmpty()) {
            sb.append(r.params().equals(d.params()) ? "Params (defaults): " : "Params (configured; defaults " + d.params() + "): ");
            sb.append(d.params().keySet().stream().map(k -> "`" + k + "` = " + r.params().get(k)).collect(Collectors.joining(", ")));
            sb.append("\n\n");
        }
        if (d.falsePositives() != null) sb.append("*False positives.* ").append(d.falsePositives().strip()).append("\n\n");
        sb.append("*Remediation.* ").append(d.remediation().strip()).append("\n\n");
        if (!d.references().isEmpty()) {
            sb.append("References:\n");
            d.references().forEach(ref -> sb.append("- ").append(ref).append('\n'));
            sb.append('\n');
        }
        return sb.toString();
    }

    public static String rule(CompiledRule r) {
        RuleDefinition d = r.definition();
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(d.id()).append("\n\n")
                .append("**").append(d.title()).append("**  \n")
                .append("Severity: ").append(d.severity().label()).append(" · Resource: ").append(d.resource().key())
                .append(" · Default: ").append(d.enabledByDefault() ? "on" : "off")
                .append(" · File: `").append(d.file()).append("`\n\n");
        if (!r.controls().isEmpty()) sb.append("Controls: ").append(String.join(", ", r.controls())).append("\n\n");
        sb.append(d.description().strip()).append("\n\n");
        sb.append("*Risk.* ").append(d.risk().strip()).append("\n\n");
        if (d.appliesWhen() != null) sb.append("Applies when: `").append(d.appliesWhen().strip()).append("`\n\n");
        sb.append("Fails when: `").append(d.condition().strip().replace("\n", " ")).append("`\n\n");
        if (!r.params().isEmpty()) {
            // effective values: the defaults, unless this run's configuration overrides them
            sb.append(r.params().equals(d.params()) ? "Params (defaults): " : "Params (configured; defaults " + d.params() + "): ");
            sb.append(d.params().keySet().stream().map(k -> "`" + k + "` = " + r.params().get(k)).collect(Collectors.joining(", ")));
            sb.append("\n\n");
        }
        sb.append("*Remediation.*\n\n```\n").append(d.remediation().strip()).append("\n```\n\n");
        if (!d.references().isEmpty()) {
            sb.append("References:\n");
            d.references().forEach(ref -> sb.append("- ").append(ref).append('\n'));
            sb.append('\n');
        }
        return sb.toString();
    }
}
