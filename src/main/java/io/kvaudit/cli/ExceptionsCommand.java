package io.kvaudit.cli;

import io.kvaudit.config.InputPath;
import io.kvaudit.config.KvauditProperties;
import io.kvaudit.model.Status;
import io.kvaudit.rules.CompiledRule;
import io.kvaudit.rules.RuleSetLoader;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;
import io.kvaudit.waiver.ExceptionEntry;
import io.kvaudit.waiver.ExceptionsFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Collectors;

/** {@code kvaudit exceptions check}: validates an exceptions file and lists expired, expiring and unused entries. */
@Component
@Command(name = "exceptions", mixinStandardHelpOptions = true, description = "Work with exception (waiver) files.",
        subcommands = ExceptionsCommand.Check.class)
public class ExceptionsCommand {

    @Component
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate an exceptions file; list entries that have expired, expire soon, or matched no open "
                    + "result of a stored run (default: the latest completed run).",
                    "Exit 0 when every entry is current and used, 3 with --strict when some are expired or unused, 2 on a malformed file."})
    static class Check implements Callable<Integer> {
        @Autowired KvauditProperties props;
        @Autowired RunStore store;
        @Mixin GlobalOptions global;

        @Option(names = "--exceptions", required = true, paramLabel = "FILE", description = "The exceptions file.")
        Path file;
        @Option(names = "--rules", paramLabel = "PATH", description = "Rules directory (default: the bundled rules).")
        Path rules;
        @Option(names = "--as-of", paramLabel = "INSTANT", converter = Converters.Rfc3339.class, description = "The date to judge expiry against (default: now).")
        Instant asOf;
        @Option(names = "--warn-days", defaultValue = "30", description = "Report entries expiring within this many days (default: ${DEFAULT-VALUE}).")
        int warnDays;
        @Option(names = "--run", paramLabel = "ID", description = "Judge 'unused' against this stored run.")
        String runId;
        @Option(names = "--strict", description = "Exit 3 when any entry is expired or unused.")
        boolean strict;

        @Override
        public Integer call() {
            InputPath.file("--exceptions", file, "exceptions file");
            if (rules != null) InputPath.directory("--rules", rules, "rules directory");
            var ruleIds = RuleSetLoader.load(rules, props.ruleOverrides()).checkIds();
            List<ExceptionEntry> entries = ExceptionsFile.read(file, ruleIds);
            LocalDate today = (asOf != null ? asOf : Instant.now()).atZone(ZoneOffset.UTC).toLocalDate();
            int problems = 0;
            System.out.printf("%s: %d entries, valid%n", file, entries.size());
            for (ExceptionEntry e : entries) {
                if (e.expiredOn(today)) {
                    problems++;
                    System.out.printf("  EXPIRED   %s %s %s (owner %s, %s)%n", e.expires(), e.rule(), e.target(), e.owner(), e.where());
                } else if (!e.expires().isAfter(today.plusDays(warnDays))) {
                    System.out.printf("  EXPIRING  %s %s %s (owner %s, %s)%n", e.expires(), e.rule(), e.target(), e.owner(), e.where());
                }
            }
            RunRecord run = runId != null ? store.find(runId).orElse(null) : store.latestCompleted().orElse(null);
            if (run == null) {
                System.out.println("  (no stored run to judge unused entries against" + (runId != null ? ": no run " + runId : "") + ")");
            } else if (run.pruned()) {
                System.out.println("  (run " + run.runId() + " was pruned: its results are deleted, so unused entries cannot be judged against it)");
            } else {
                AtomicIntegerArray matched = new AtomicIntegerArray(entries.size());
                store.streamResults(run.runId(), false, r -> {
                    if (r.status() != Status.FAIL && r.status() != Status.MUTED) return;
                    for (int i = 0; i < entries.size(); i++) if (entries.get(i).matches(r)) matched.incrementAndGet(i);
                });
                for (int i = 0; i < entries.size(); i++) {
                    if (matched.get(i) == 0) {
                        problems++;
                        ExceptionEntry e = entries.get(i);
                        System.out.printf("  UNUSED    %s %s matched no open result of run %s (%s)%n", e.rule(), e.target(), run.runId(), e.where());
                    }
                }
            }
            if (problems == 0) System.out.println("  every entry is current and in use");
            return strict && problems > 0 ? 3 : 0;
        }
    }
}
