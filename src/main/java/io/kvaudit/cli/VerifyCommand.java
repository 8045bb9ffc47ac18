package io.kvaudit.cli;

import io.kvaudit.report.Manifest;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kvaudit verify DIR [--expect SHA256 | --run ID]}: recomputes the manifest's hashes and, given an anchor,
 * checks manifest.json itself against it; exit 0 intact, 3 changed, missing, extra or refused files, an empty manifest
 * or a manifest that is not the anchored one, 2 no valid manifest or no anchor to compare with. Without --run it needs
 * no database (an auditor runs it on their own machine); with --run it reads the digest the scan stored.
 */
@Component
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check an output directory against its manifest.json, and manifest.json against the digest kept when it was written.",
                "Exit 0 when every artifact is intact (and manifest.json matches --expect / --run), 3 when a file changed, "
                        + "is missing, was added or points outside the directory, the manifest lists nothing or is not the anchored one, "
                        + "2 when there is no valid manifest or no stored digest to compare with."})
public class VerifyCommand implements Callable<Integer>, Standalone {

    /** Only injected when the context runs, i.e. with --run. */
    @Autowired
    RunStore store;

    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "DIR", description = "A kvaudit output directory.")
    Path dir;

    @ArgGroup(exclusive = true)
    Anchor anchor;

    /** Where the genuine manifest's digest comes from: the user's record, or the run history. */
    static class Anchor {
        @Option(names = "--expect", paramLabel = "SHA256", converter = Converters.Sha256.class,
                description = "The manifest's SHA-256 as kvaudit scan or report printed it ('manifest sha256: ...'); no database needed.")
        String expect;

        @Option(names = "--run", paramLabel = "ID",
                description = "Compare with the manifest digest the scan of this run stored in the run history (--db-url).")
        String runId;
    }

    @Override
    public boolean runsStandalone() { return anchor == null || anchor.runId == null; }

    @Override
    public Integer call() {
        String expected = null, anchoredBy = null;
        if (anchor != null && anchor.runId != null) {
            RunRecord run = store.find(anchor.runId).orElse(null);
            if (run == null) {
                System.err.println("kvaudit: error: no run \"" + anchor.runId + "\" in the database (kvaudit history lists them)");
                return 2;
            }
            if (run.manifestSha256() == null) {
                System.err.println("kvaudit: error: run " + anchor.runId + " has no stored manifest digest ("
                        + ("COMPLETED".equals(run.status()) ? "stored by a kvaudit that did not record one"
                        : "it did not complete: " + run.status()) + "); nothing to compare " + Manifest.FILE
                        + " with: use --expect and the digest kept from its scan");
                return 2;
            }
            expected = run.manifestSha256();
            anchoredBy = "the digest stored for run " + anchor.runId;
        } else if (anchor != null) {
            expected = anchor.expect;
            anchoredBy = "--expect";
        }

        Manifest.Verification v = Manifest.verify(dir);
        v.changed().forEach(f -> System.out.println("CHANGED  " + f));
        v.missing().forEach(f -> System.out.println("MISSING  " + f));
        v.extra().forEach(f -> System.out.println("EXTRA    " + f));
        v.refused().forEach(r -> System.out.println("REFUSED  " + r.path() + " (" + r.reason() + ")"));
        if (v.empty()) System.out.println("EMPTY    " + Manifest.FILE + " lists no artifacts");
        System.out.println(Manifest.anchorLine(v.manifestSha256(), dir.resolve(Manifest.FILE)));
        boolean anchored = expected != null && expected.equals(v.manifestSha256());
        if (expected != null) System.out.println("expected sha256: " + expected + "  (" + anchoredBy + ")");

        List<String> wrong = new ArrayList<>();
        if (!v.changed().isEmpty() || !v.missing().isEmpty() || !v.extra().isEmpty() || !v.refused().isEmpty())
            wrong.add(String.format("%d changed, %d missing, %d extra%s (of %d listed in %s)", v.changed().size(),
                    v.missing().size(), v.extra().size(), v.refused().isEmpty() ? "" : ", " + v.refused().size() + " refused",
                    v.checked(), Manifest.FILE));
        if (v.empty()) wrong.add(Manifest.FILE + " lists no artifacts, so it vouches for nothing");
        if (expected != null && !anchored)
            wrong.add(Manifest.FILE + " is not the anchored manifest (its sha256 differs from " + anchoredBy
                    + "): the files may have been rewritten together with it");
        if (!wrong.isEmpty()) {
            if (expected != null && !anchored && anchor.runId != null) hintForRun(v, wrong.size() == 1);
            System.out.println("TAMPERED: " + String.join("; ", wrong));
            return 3;
        }
        System.out.printf("OK: %d artifacts in %s match %s%s%n", v.checked(), dir, Manifest.FILE,
                expected == null ? "" : ", and " + Manifest.FILE + " matches " + anchoredBy);
        // one line, so nobody mistakes internal consistency for authenticity
        if (expected == null)
            System.out.println("not anchored: this proves the files match " + Manifest.FILE + ", not that " + Manifest.FILE
                    + " is genuine; add --expect SHA256 (the digest printed when it was written) or --run ID");
        return 0;
    }

    /** A digest mismatch with --run has innocent causes too; name the ones the manifest itself reveals. */
    private void hintForRun(Manifest.Verification v, boolean filesMatch) {
        if (v.runId() != null && !v.runId().equals(anchor.runId))
            System.out.println("hint     " + Manifest.FILE + " names run " + v.runId() + ", not " + anchor.runId);
        else if (filesMatch)
            System.out.println("hint     a kvaudit report re-render in other formats has its own digest (it prints it): "
                    + "check such a directory with --expect");
    }
}
