package io.kvaudit.cli;

import io.kvaudit.config.InputPath;
import io.kvaudit.config.KvauditProperties;
import io.kvaudit.config.OutputPath;
import io.kvaudit.rules.CompiledRule;
import io.kvaudit.rules.ConfiguredDetector;
import io.kvaudit.rules.RuleReference;
import io.kvaudit.rules.RuleSet;
import io.kvaudit.rules.RuleSetLoader;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code kvaudit rules list|validate|show ID|docs}: the rule set, checked exactly as a scan loads it. */
@Component
@Command(name = "rules", mixinStandardHelpOptions = true, description = "List, validate or show rules.",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.Validate.class, RulesCommand.Show.class, RulesCommand.Docs.class})
public class RulesCommand {

    /** Options shared by the rules subcommands. */
    static class RulesOptions {
        @Option(names = "--rules", paramLabel = "PATH", description = "Rules directory (default: the bundled rules).")
        Path rules;
    }

    static RuleSet load(RulesOptions o, KvauditProperties props) {
        if (o.rules != null) InputPath.directory("--rules", o.rules, "rules directory");
        return RuleSetLoader.load(o.rules, props.ruleOverrides());
    }

    @Component
    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per rule: id, severity, resource, on/off, title.")
    static class ListRules implements Callable<Integer> {
        @Autowired KvauditProperties props;
        @Mixin GlobalOptions global;
        @Mixin RulesOptions options;

        @Override
        public Integer call() {
            RuleSet set = load(options, props);
            for (CompiledRule r : set.rules()) {
                var d = r.definition();
                System.out.printf("%-36s %-8s %-15s %-3s %s%n", d.id(), d.severity().label(), d.resource().key(),
                        r.enabled() ? "on" : "off", d.title());
            }
            for (ConfiguredDetector r : set.detectors()) {
                var d = r.definition();
                System.out.printf("%-36s %-8s %-15s %-3s %s%n", d.id(), d.severity().label(), "activity",
                        r.enabled() ? "on" : "off", d.title());
            }
            System.out.printf("%d rules (%d enabled), %d activity detectors (%d enabled), %d frameworks, %s%n", set.rules().size(),
                    set.enabledRules().size(), set.detectors().size(), set.enabledDetectors().size(), set.frameworks().size(), set.digest());
            return 0;
        }
    }

    @Component
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Load and type-check every rule and framework; exit 2 with the file and position of the first error.")
    static class Validate implements Callable<Integer> {
        @Autowired KvauditProperties props;
        @Mixin GlobalOptions global;
        @Mixin RulesOptions options;

        @Override
        public Integer call() {
            RuleSet set = load(options, props);
            io.kvaudit.activity.Detectors.check(set.detectors());
            System.out.printf("OK: %d rules, %d activity detectors and %d frameworks from %s are valid (%s)%n", set.rules().size(),
                    set.detectors().size(), set.frameworks().size(), set.origin(), set.digest());
            return 0;
        }
    }

    @Component
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Everything about one rule.")
    static class Show implements Callable<Integer> {
        @Autowired KvauditProperties props;
        @Mixin GlobalOptions global;
        @Mixin RulesOptions options;
        @Parameters(paramLabel = "ID", description = "The rule id, e.g. secret-expiry-missing.")
        String id;

        @Override
        public Integer call() {
            RuleSet set = load(options, props);
            CompiledRule rule = set.find(id).orElse(null);
            ConfiguredDetector detector = set.findDetector(id).orElse(null);
            if (detector != null) {
                System.out.print(RuleReference.detector(detector));
                return 0;
            }
            if (rule == null) {
                System.err.println("kvaudit: error: no rule \"" + id + "\" (kvaudit rules list shows them all)");
                return 2;
            }
            System.out.print(RuleReference.rule(rule));
            return 0;
        }
    }

    @Component
    @Command(name = "docs", mixinStandardHelpOptions = true, description = "Write the rule reference (Markdown) generated from the rule files.")
    static class Docs implements Callable<Integer> {
        @Autowired KvauditProperties props;
        @Mixin GlobalOptions global;
        @Mixin RulesOptions options;
        @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout (e.g. docs/rules.md).")
        Path out;

        @Override
        public Integer call() throws IOException {
            if (out != null) OutputPath.file("--out", out);
            String md = RuleReference.document(load(options, props));
            if (out == null) System.out.print(md);
            else Files.writeString(out, md);
            return 0;
        }
    }
}
