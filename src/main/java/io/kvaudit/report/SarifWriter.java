package io.kvaudit.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.model.Result;
import io.kvaudit.model.Status;
import io.kvaudit.store.RuleCatalog;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning dashboards. GitHub rejects a result without a file location, so every result is
 * anchored to its rule file in {@code rules/} (the physical location) and carries the Azure resource id as a logical
 * location and in {@code partialFingerprints}. Results are capped at GitHub's 5,000 per run, FAIL before ERROR
 * before MUTED (the latter as suppressed results), most severe first.
 */
public final class SarifWriter {

    public static final int MAX_RESULTS = 5000;
    public static final String FILE = "results.sarif";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SarifWriter() {}

    public static Path write(Path outDir, RunRecord run, RunStore store) {
        Path file = outDir.resolve(FILE);
        RuleCatalog catalog = RuleCatalog.of(run);
        Map<String, Integer> index = new LinkedHashMap<>();
        Map<String, RuleCatalog.Entry> byId = catalog.byId();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            g.writeStringField("version", "2.1.0");
            g.writeArrayFieldStart("runs");
            g.writeStartObject();
            g.writeObjectFieldStart("tool");
            g.writeObjectFieldStart("driver");
            g.writeStringField("name", "kvaudit");
            g.writeStringField("version", run.toolVersion());
            g.writeStringField("informationUri", "https://github.com/kvaudit/kvaudit");
            g.writeArrayFieldStart("rules");
            int i = 0;
            for (RuleCatalog.Entry r : catalog.rules()) {
                index.put(r.id(), i++);
                MAPPER.writeValue(g, rule(r));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("automationDetails");
            g.writeStringField("id", "kvaudit/" + run.tenantId() + "/" + run.runId());
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            long[] written = {0};
            store.streamResultsByPriority(run.runId(), MAX_RESULTS, r -> {
                try {
                    MAPPER.writeValue(g, result(r, index, byId.get(r.ruleId())));
                    written[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            g.writeEndArray();
            g.writeArrayFieldStart("invocations");
            g.writeStartObject();
            g.writeBooleanField("executionSuccessful", true);
            g.writeStringField("startTimeUtc", String.valueOf(run.startedAt()));
            if (run.finishedAt() != null) g.writeStringField("endTimeUtc", run.finishedAt().toString());
            g.writeEndObject();
            g.writeEndArray();
            long total = run.failCount() + run.errorCount() + run.mutedCount();
            g.writeObjectFieldStart("properties");
            g.writeStringField("runId", run.runId());
            g.writeStringField("asOf", String.valueOf(run.asOf()));
            g.writeStringField("rulesDigest", run.rulesDigest());
            g.writeNumberField("resultsTotal", total);
            g.writeNumberField("resultsIncluded", written[0]);
            g.writeBooleanField("truncated", total > written[0]);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": cannot write " + FILE + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** GitHub's security-severity scale: critical ≥ 9, high 7–8.9, medium 4–6.9, low 0.1–3.9. */
    static String securitySeverity(String severity) {
        return switch (severity) {
            case "critical" -> "9.5";
            case "high" -> "8.0";
            case "medium" -> "5.5";
            case "low" -> "3.0";
            default -> "1.0";
        };
    }

    static String level(Result r) {
        if (r.status() == Status.ERROR) return "note";
        return switch (r.severity()) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            default -> "note";
        };
    }

    private static Map<String, Object> rule(RuleCatalog.Entry r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.id());
        m.put("shortDescription", Map.of("text", r.title()));
        m.put("fullDescription", Map.of("text", r.description()));
        m.put("help", ordered("text", "Risk: " + r.risk() + "\n\nRemediation:\n" + r.remediation(),
                "markdown", "**Risk.** " + r.risk() + "\n\n**Remediation.**\n\n```\n" + r.remediation() + "\n```"));
        if (!r.references().isEmpty()) m.put("helpUri", r.references().get(0));
        m.put("defaultConfiguration", Map.of("level", switch (r.severity()) {
            case "critical", "high" -> "error";
            case "medium" -> "warning";
            default -> "note";
        }));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("security-severity", securitySeverity(r.severity()));
        List<String> tags = new ArrayList<>(List.of("security", "azure-key-vault", r.resource()));
        tags.addAll(r.controls());
        props.put("tags", tags);
        props.put("severity", r.severity());
        m.put("properties", props);
        return m;
    }

    private static Map<String, Object> result(Result r, Map<String, Integer> index, RuleCatalog.Entry rule) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ruleId", r.ruleId());
        Integer i = index.get(r.ruleId());
        if (i != null) m.put("ruleIndex", i);
        m.put("level", level(r));
        if (r.status() == Status.ERROR) m.put("kind", "review");
        // the message is what GitHub shows people (as the HTML report does); locations and properties stay exact data
        m.put("message", Map.of("text", VisibleText.of(r.message() == null ? r.ruleId() : r.message())));
        String ruleFile = rule != null && !rule.file().isBlank() ? rule.file() : "rules/";
        Map<String, Object> physical = ordered("artifactLocation", Map.of("uri", ruleFile),
                "region", Map.of("startLine", 1));
        Map<String, Object> logical = new LinkedHashMap<>();
        logical.put("name", r.vaultName() != null ? r.vaultName() : r.resourceId().substring(r.resourceId().lastIndexOf('/') + 1));
        logical.put("fullyQualifiedName", r.resourceId());
        logical.put("kind", "resource");
        m.put("locations", List.of(ordered("physicalLocation", physical, "logicalLocations", List.of(logical))));
        m.put("partialFingerprints", Map.of("kvauditFingerprint/v1", r.fingerprint()));
        if (r.status() == Status.MUTED && r.exception() != null)
            m.put("suppressions", List.of(ordered("kind", "external", "status", "accepted",
                    "justification", VisibleText.of(r.exception().reason() + " (owner " + r.exception().owner() + ", expires "
                            + r.exception().expires() + ")"))));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("status", r.status().name());
        props.put("severity", r.severity().label());
        props.put("security-severity", securitySeverity(r.severity().label()));
        props.put("resourceId", r.resourceId());
        props.put("resourceType", r.resourceType());
        if (r.subscriptionId() != null) props.put("subscriptionId", r.subscriptionId());
        if (!r.evidence().isEmpty()) props.put("evidence", r.evidence());
        if (!r.controls().isEmpty()) props.put("controls", r.controls());
        m.put("properties", props);
        return m;
    }

    /** A map that keeps the order written ({@code Map.of} iterates in an order that changes from one JVM to the next). */
    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < keyValues.length; k += 2) m.put((String) keyValues[k], keyValues[k + 1]);
        return m;
    }
}
