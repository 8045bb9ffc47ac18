package io.kvaudit.cli;

import io.kvaudit.config.ToolVersion;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code kvaudit} command; the work is in its subcommands. */
@Component
@Command(name = "kvaudit", mixinStandardHelpOptions = true, versionProvider = KvauditCommand.Version.class,
        description = "Compliance scanner and audit-evidence job for Azure Key Vault.",
        subcommands = {ScanCommand.class, RulesCommand.class, ExceptionsCommand.class, ReportCommand.class,
                HistoryCommand.class, SnapshotCommand.class, VerifyCommand.class},
        footer = {"", "Exit codes: 0 passed, 1 internal error, 2 usage or configuration error, 3 gate failed, 4 incomplete.",
                "Try: kvaudit scan --snapshot samples/contoso --out sample-output"})
public class KvauditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: scan, rules, exceptions, snapshot, report or history");
    }

    /** Prints kvaudit's version. */
    public static class Version implements IVersionProvider {
        @Override
        public String[] getVersion() { return new String[]{"kvaudit " + ToolVersion.get()}; }
    }
}
