package io.kvaudit;

import io.kvaudit.cli.GlobalOptions;
import io.kvaudit.cli.KvauditCommand;
import io.kvaudit.config.ConfigFile;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.KvauditProperties;
import io.kvaudit.config.Secrets;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * kvaudit's entry point. The command line and the --config file are checked first, without Spring, so a usage or
 * configuration error exits 2 before any database is opened; then the Spring context (database, Flyway, Spring Batch)
 * starts and the command runs.
 */
@SpringBootApplication
@EnableConfigurationProperties(KvauditProperties.class)
public class KvauditApplication {

    public static void main(String[] args) {
        int code = run(args);
        CompileQueue.settleIfRecording();
        System.exit(code);
    }

    /** Runs one kvaudit command and returns its exit code (tests call this in-process). */
    public static int run(String... args) {
        return run(List.of(), args);
    }

    /**
     * Runs one command with extra Spring configuration classes: how the tests and the live benchmark put a fake Azure
     * (an {@code @Primary} {@link io.kvaudit.source.azure.AzureAccess}) in place of the real one.
     */
    public static int run(List<Class<?>> extraConfiguration, String... args) {
        CommandLine syntax = new CommandLine(new KvauditCommand());
        CommandLine.ParseResult parsed;
        try {
            parsed = syntax.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return usageError(e);
        }
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) return help;
        if (!parsed.hasSubcommand()) {
            System.err.println("kvaudit: error: a command is required: scan, rules, exceptions, snapshot, report or history");
            syntax.usage(System.err);
            return 2;
        }
        GlobalOptions global = globalOptions(parsed);
        if (global.config != null) {
            try {
                ConfigFile.check("--config", global.config);
            } catch (ConfigurationException e) {
                System.err.println("kvaudit: error: " + e.getMessage());
                return 2;
            }
        }
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) leaf = leaf.subcommand();
        if (leaf.commandSpec().userObject() instanceof io.kvaudit.cli.UsageCheck check) {
            try {
                check.checkUsage();
            } catch (CommandLine.ParameterException e) {
                return usageError(e);
            }
        }
        if (leaf.commandSpec().userObject() instanceof io.kvaudit.cli.Standalone s && s.runsStandalone()) {
            CommandLine plain = new CommandLine(new KvauditCommand());
            plain.setParameterExceptionHandler((e, a) -> usageError(e));
            plain.setExecutionExceptionHandler(KvauditApplication::executionError);
            return plain.execute(args);
        }
        Map<String, Object> springProperties = global.springProperties();
        // the database password is masked in whatever kvaudit prints from here on (the URL's own is found by its shape)
        Secrets.rememberFromEnvironment();
        ConfigurableApplicationContext context;
        try {
            // as Spring command-line arguments, these outrank application.yaml (default properties would not)
            String[] springArgs = springProperties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            context = new SpringApplicationBuilder(KvauditApplication.class)
                    .sources(extraConfiguration.toArray(Class<?>[]::new))
                    .web(WebApplicationType.NONE).logStartupInfo(false)
                    // kvaudit's own hook closes the context once a running scan has stopped (GracefulStop)
                    .registerShutdownHook(false).run(springArgs);
        } catch (RuntimeException e) {
            System.err.println("kvaudit: error: cannot start: " + StartFailure.describe(e));
            return 2;
        }
        Thread stop = io.kvaudit.job.GracefulStop.hookFor(context);
        Runtime.getRuntime().addShutdownHook(stop);
        try (context) {
            CommandLine cli = new CommandLine(KvauditCommand.class, context.getBean(CommandLine.IFactory.class));
            cli.setParameterExceptionHandler((e, a) -> usageError(e));
            cli.setExecutionExceptionHandler(KvauditApplication::executionError);
            return cli.execute(args);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the scan and closes the context
            }
        }
    }

    private static int executionError(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        ConfigurationException config = ConfigurationException.findIn(e);
        if (config != null) {
            System.err.println("kvaudit: error: " + config.getMessage());
            return 2;
        }
        System.err.println("kvaudit: internal error: " + Secrets.mask(e.toString()));
        Secrets.printStackTrace(e, System.err);
        return 1;
    }

    private static int usageError(CommandLine.ParameterException e) {
        PrintWriter err = new PrintWriter(System.err, true);
        err.println("kvaudit: error: " + e.getMessage());
        err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
        return 2;
    }

    private static GlobalOptions globalOptions(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) leaf = leaf.subcommand();
        Object mixin = leaf.commandSpec().mixins().isEmpty() ? null : leaf.commandSpec().mixins().values().stream()
                .map(CommandLine.Model.CommandSpec::userObject).filter(o -> o instanceof GlobalOptions).findFirst().orElse(null);
        return mixin instanceof GlobalOptions g ? g : new GlobalOptions();
    }
}
