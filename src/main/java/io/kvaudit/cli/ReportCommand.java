package io.kvaudit.cli;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.OutputPath;
import io.kvaudit.report.Manifest;
import io.kvaudit.report.ReportFormat;
import io.kvaudit.report.ReportWriter;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code kvaudit report --run ID}: renders a stored run's reports again, without re-scanning, and prints the new
 * manifest's SHA-256. Nothing is stored: the run's anchor stays the digest of what its scan wrote.
 */
@Component
@Command(name = "report", mixinStandardHelpOptions = true, description = "Re-render the reports of a stored run.")
public class ReportCommand implements Callable<Integer> {

    @Autowired
    RunStore store;

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run id (see kvaudit history).")
    String runId;

    @Option(names = "--out", paramLabel = "DIR", description = "Where reports go (default: ./kvaudit-out/<run id>/).")
    Path out;

    @Option(names = "--format", paramLabel = "LIST", split = ",",
            description = "Report formats: html, pdf, json, sarif, junit, csv (default: html,pdf,json).")
    List<String> formats = new ArrayList<>();

    @Option(names = "--include-passed", description = "List PASS results too.")
    boolean includePassed;

    @Override
    public Integer call() {
        Set<ReportFormat> chosen;
        try {
            chosen = formats.isEmpty() ? ReportWriter.DEFAULT : ReportWriter.parse(formats);
        } catch (ConfigurationException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dir = OutputPath.directory("--out", out != null ? out : Path.of("kvaudit-out", runId));
        RunRecord run = store.find(runId).orElse(null);
        if (run == null) {
            System.err.println("kvaudit: error: no run \"" + runId + "\" in the database (kvaudit history lists them)");
            return 2;
        }
        if (!"COMPLETED".equals(run.status())) {
            System.err.println("kvaudit: error: run " + runId + " did not complete (" + run.status() + "): nothing to render");
            return 2;
        }
        if (run.pruned()) {
            System.err.println("kvaudit: error: run " + runId + " was pruned on " + run.prunedAt() + " (kvaudit history prune): its "
                    + "results are deleted, only its counts are kept (kvaudit history); nothing to render");
            return 2;
        }
        ReportWriter.Rendered rendered = ReportWriter.write(chosen, dir, run, store, includePassed);
        for (Path p : rendered.files()) System.out.println("report    " + p);
        // the stored digest stays the scan's (the evidence it handed out); say when this directory will not match it
        if (run.manifestSha256() == null)
            System.out.println("note      run " + runId + " has no stored manifest digest (stored by an earlier kvaudit): "
                    + "anchor this directory with the digest below (kvaudit verify DIR --expect SHA256)");
        else if (!run.manifestSha256().equals(rendered.manifestSha256()))
            System.out.println("note      differs from the manifest digest the scan stored (other formats, or other files in "
                    + dir + "): kvaudit verify --run " + runId + " will not match; anchor it with --expect and the digest below");
        System.out.println(Manifest.anchorLine(rendered.manifestSha256(), rendered.manifest()));
        return 0;
    }
}
