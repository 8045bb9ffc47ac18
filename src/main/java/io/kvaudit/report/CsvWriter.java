package io.kvaudit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.model.Result;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * results.csv: one row per result (the results of results.json, same order, same columns flattened), RFC 4180
 * quoting, UTF-8. Evidence is a JSON cell; controls are separated by semicolons.
 */
public final class CsvWriter {

    public static final String FILE = "results.csv";
    public static final List<String> COLUMNS = List.of("ruleId", "status", "severity", "resourceId", "resourceType",
            "subscriptionId", "vaultName", "message", "evidence", "controls", "fingerprint", "exceptionReason",
            "exceptionOwner", "exceptionExpires");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CsvWriter() {}

    public static Path write(Path outDir, RunRecord run, RunStore store, boolean includePassed) {
        Path file = outDir.resolve(FILE);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", COLUMNS));
            w.write("\r\n");
            store.streamResults(run.runId(), includePassed, r -> {
                try {
                    w.write(row(r));
                    w.write("\r\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": cannot write " + FILE + ": " + e.getMessage(), e);
        }
        return file;
    }

    static String row(Result r) {
        String evidence;
        try {
            evidence = r.evidence().isEmpty() ? "" : MAPPER.writeValueAsString(r.evidence());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var ex = r.exception();
        return String.join(",", List.of(q(r.ruleId()), q(r.status().name()), q(r.severity().label()), q(r.resourceId()),
                q(r.resourceType()), q(r.subscriptionId()), q(r.vaultName()), q(r.message()), q(evidence),
                q(String.join(";", r.controls())), q(r.fingerprint()), q(ex == null ? null : ex.reason()),
                q(ex == null ? null : ex.owner()), q(ex == null ? null : ex.expires().toString())));
    }

    /** RFC 4180: quote when needed, double the quotes. A leading =,+,-,@ is prefixed with ' against formula injection. */
    static String q(String s) {
        if (s == null || s.isEmpty()) return "";
        String v = VisibleText.encodable(s); // an unpaired surrogate would stop the UTF-8 writer, and the whole report
        if ("=+-@".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) return "\"" + v.replace("\"", "\"\"") + "\"";
        return v;
    }
}
