package io.kvaudit.report;

import io.kvaudit.report.human.HumanReport;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a stored run's reports in the requested formats, then the manifest over everything written. The report step
 * of a scan and {@code kvaudit report --run ID} both come here, so a re-render is the same code as the original.
 */
public final class ReportWriter {

    /** The formats this build writes. */
    public static final Set<ReportFormat> AVAILABLE = EnumSet.allOf(ReportFormat.class);

    /** What a scan writes when --format is not given. */
    public static final Set<ReportFormat> DEFAULT = EnumSet.of(ReportFormat.HTML, ReportFormat.PDF, ReportFormat.JSON);

    private ReportWriter() {}

    /** Parses a --format list; an unknown or unavailable name is a usage error naming the choices. */
    public static Set<ReportFormat> parse(List<String> names) {
        Set<ReportFormat> out = EnumSet.noneOf(ReportFormat.class);
        for (String n : names) {
            ReportFormat f = ReportFormat.parse(n).orElseThrow(() -> new io.kvaudit.config.ConfigurationException(
                    "--format: unknown format '" + n.trim() + "'; expected a comma-separated list of " + ReportFormat.names()));
            if (!AVAILABLE.contains(f))
                throw new io.kvaudit.config.ConfigurationException("--format: '" + f.key() + "' is not available in this build; available: "
                        + String.join(", ", AVAILABLE.stream().map(ReportFormat::key).toList()));
            out.add(f);
        }
        return out;
    }

    /**
     * What one render wrote: every file, the manifest last, and the SHA-256 of manifest.json's bytes (the anchor to
     * keep outside the directory for {@code kvaudit verify --expect}).
     */
    public record Rendered(List<Path> files, Path manifest, String manifestSha256) {}

    public static Rendered write(Set<ReportFormat> formats, Path outDir, RunRecord run, RunStore store, boolean includePassed) {
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": cannot create the output directory: " + e.getMessage(), e);
        }
        List<Path> written = new ArrayList<>();
        Set<ReportFormat> f = formats.isEmpty() ? EnumSet.of(ReportFormat.JSON) : EnumSet.copyOf(formats);
        Map<Path, String> digests = new java.util.HashMap<>();
        if (f.contains(ReportFormat.JSON)) written.add(ResultsJson.write(outDir, run, store, includePassed, digests));
        if (f.contains(ReportFormat.CSV)) written.add(CsvWriter.write(outDir, run, store, includePassed));
        if (f.contains(ReportFormat.SARIF)) written.add(SarifWriter.write(outDir, run, store));
        if (f.contains(ReportFormat.JUNIT)) written.add(JUnitWriter.write(outDir, run, store));
        written.addAll(HumanReport.write(outDir, run, store, f.contains(ReportFormat.HTML), f.contains(ReportFormat.PDF)));
        Manifest.Written manifest = Manifest.write(outDir, run, digests);
        written.add(manifest.file());
        return new Rendered(List.copyOf(written), manifest.file(), manifest.sha256());
    }
}
