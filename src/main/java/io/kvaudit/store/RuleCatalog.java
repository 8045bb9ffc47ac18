package io.kvaudit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule metadata stored with a run (written by {@code report.CatalogJson}), read back: for the formats that describe
 * rules, and for the run store to restore what is not repeated on every result row (controls, severity, resource kind).
 */
public record RuleCatalog(List<Entry> rules) {

    /**
     * One rule or activity detector as stored with the run. {@code kind} is "rule" or "detector"; a detector's
     * {@code resource} is "vault" (its PASS and ERROR results are on vaults, its findings on vaults or their objects).
     */
    public record Entry(String id, String kind, String title, String severity, String resource, String file, String description,
                        String risk, String remediation, List<String> references, List<String> controls, List<String> mitre,
                        String falsePositives) {

        public boolean isDetector() { return "detector".equals(kind); }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static RuleCatalog of(RunRecord run) { return parse(run.ruleCatalogJson()); }

    public static RuleCatalog parse(String json) {
        List<Entry> out = new ArrayList<>();
        if (json == null) return new RuleCatalog(out);
        try {
            for (JsonNode r : MAPPER.readTree(json)) {
                out.add(new Entry(r.path("id").asText(), r.path("kind").asText("rule"), r.path("title").asText(),
                        r.path("severity").asText(), r.path("resource").asText(), r.path("file").asText(),
                        r.path("description").asText(), r.path("risk").asText(), r.path("remediation").asText(),
                        strings(r.path("references")), strings(r.path("controls")), strings(r.path("mitre")),
                        r.path("falsePositives").asText(null)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RuleCatalog(out);
    }

    public Map<String, Entry> byId() {
        Map<String, Entry> m = new LinkedHashMap<>();
        rules.forEach(e -> m.put(e.id(), e));
        return m;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }
}
