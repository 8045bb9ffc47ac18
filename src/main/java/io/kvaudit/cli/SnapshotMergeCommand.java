package io.kvaudit.cli;

import io.kvaudit.config.InputPath;
import io.kvaudit.config.OutputPath;
import io.kvaudit.source.snapshot.SnapshotMerge;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code kvaudit snapshot merge --out DIR A B ...}: several snapshot parts of one tenant as one snapshot directory. */
@Component
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write several snapshot directories of one tenant (exports of their own subscriptions, e.g. one per "
                + "network zone) as one snapshot directory (docs/snapshot-format.md, \"Several parts\").",
                "The parts are checked as kvaudit scan --snapshot A --snapshot B checks them; scanning the merged directory "
                        + "gives the same results as scanning the parts together."})
public class SnapshotMergeCommand implements Callable<Integer> {

    @Mixin GlobalOptions global;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new or empty directory for the merged snapshot.")
    Path out;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean quiet;

    @Parameters(arity = "2..*", paramLabel = "SNAPSHOT", description = "The snapshot directories to merge (two or more).")
    List<Path> parts = new ArrayList<>();

    @Override
    public Integer call() {
        for (Path p : parts) {
            InputPath.directory("SNAPSHOT", p, "snapshot directory");
            OutputPath.outside("--out", out, "SNAPSHOT", p);
        }
        OutputPath.newOrEmptyDirectory("--out", out);
        try {
            java.nio.file.Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new io.kvaudit.config.ConfigurationException("--out " + out + ": cannot create the directory (" + e.getClass().getSimpleName() + ")", e);
        }
        SnapshotMerge.Written w = SnapshotMerge.merge(parts, out);
        if (!quiet)
            System.out.printf("kvaudit: merged %d snapshot parts of tenant %s: %d subscriptions, %d files to %s (captured at %s, "
                    + "the earliest part's)%n", w.parts(), w.tenant().tenantId(), w.subscriptions(), w.files(), out, w.tenant().capturedAt());
        return 0;
    }
}
