package io.kvaudit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.model.AppliedException;
import io.kvaudit.model.Result;
import io.kvaudit.model.Severity;
import io.kvaudit.model.Status;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How FAIL, ERROR and MUTED results are stored: one JSON object per line (the result and when it was first seen),
 * gzip-compressed. Controls are not stored: they come back from the run's rule catalogue.
 */
final class ResultChunk {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultChunk() {}

    static byte[] pack(List<RunStore.Row> rows) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream gz = new GZIPOutputStream(bytes)) {
                for (RunStore.Row row : rows) {
                    Result r = row.result();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("status", r.status().name());
                    m.put("severity", r.severity().label());
                    m.put("resourceId", r.resourceId());
                    m.put("resourceType", r.resourceType());
                    m.put("subscriptionId", r.subscriptionId());
                    m.put("vaultName", r.vaultName());
                    m.put("message", r.message());
                    if (!r.evidence().isEmpty()) m.put("evidence", r.evidence());
                    m.put("fingerprint", r.fingerprint());
                    if (row.firstSeen() != null) m.put("firstSeen", row.firstSeen().toString());
                    if (r.exception() != null)
                        m.put("exception", Map.of("reason", r.exception().reason(), "owner", r.exception().owner(),
                                "expires", r.exception().expires().toString()));
                    gz.write(JSON.writeValueAsBytes(m));
                    gz.write('\n');
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each result of a chunk with its first-seen time (null for ERROR), in stored order. */
    @SuppressWarnings("unchecked")
    static void unpack(String ruleId, byte[] packed, List<String> controls, BiConsumer<Result, Instant> consumer) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(new ByteArrayInputStream(packed)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode n = JSON.readTree(line);
                JsonNode ex = n.get("exception");
                AppliedException applied = ex == null ? null : new AppliedException(ex.path("reason").asText(),
                        ex.path("owner").asText(), LocalDate.parse(ex.path("expires").asText()));
                Map<String, Object> evidence = n.has("evidence") ? JSON.convertValue(n.get("evidence"), Map.class) : Map.of();
                Result r = new Result(ruleId, Status.valueOf(n.path("status").asText()), Severity.parse(n.path("severity").asText()),
                        n.path("resourceId").asText(), text(n, "resourceType"), text(n, "subscriptionId"), text(n, "vaultName"),
                        text(n, "message"), evidence, controls, n.path("fingerprint").asText(), applied);
                consumer.accept(r, n.has("firstSeen") ? Instant.parse(n.get("firstSeen").asText()) : null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
