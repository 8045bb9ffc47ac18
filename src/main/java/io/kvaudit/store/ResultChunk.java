package io.kvaudit.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.model.AppliedException;
import io.kvaudit.model.Result;
import io.kvaudit.model.Severity;
import io.kvaudit.model.Status;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
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

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
            .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private ResultChunk() {}

    /** gzip at its fastest level: ids with long shared prefixes compress well at any level, and this runs per result. */
    static GZIPOutputStream fastGzip(java.io.OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            { def.setLevel(java.util.zip.Deflater.BEST_SPEED); }
        };
    }

    static byte[] pack(List<RunStore.Row> rows) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream gz = ResultChunk.fastGzip(bytes);
                 JsonGenerator g = JSON.getFactory().createGenerator(gz).setRootValueSeparator(new SerializedString("\n"))) {
                for (RunStore.Row row : rows) {
                    Result r = row.result();
                    g.writeStartObject();
                    g.writeStringField("status", r.status().name());
                    g.writeStringField("severity", r.severity().label());
                    g.writeStringField("resourceId", r.resourceId());
                    g.writeStringField("resourceType", r.resourceType());
                    g.writeStringField("subscriptionId", r.subscriptionId());
                    g.writeStringField("vaultName", r.vaultName());
                    g.writeStringField("message", r.message());
                    if (!r.evidence().isEmpty()) {
                        g.writeFieldName("evidence");
                        writeValue(g, r.evidence());
                    }
                    g.writeStringField("fingerprint", r.fingerprint());
                    if (row.firstSeen() != null) g.writeStringField("firstSeen", row.firstSeen().toString());
                    if (r.exception() != null) {
                        g.writeObjectFieldStart("exception");
                        g.writeStringField("reason", r.exception().reason());
                        g.writeStringField("owner", r.exception().owner());
                        g.writeStringField("expires", r.exception().expires().toString());
                        g.writeEndObject();
                    }
                    g.writeEndObject();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each result of a chunk with its first-seen time (null for ERROR), in stored order. */
    static void unpack(String ruleId, byte[] packed, List<String> controls, BiConsumer<Result, Instant> consumer) {
        // results first seen in the same run share the time: each distinct one is parsed once
        Map<String, Instant> seenTimes = new HashMap<>();
        try (JsonParser p = JSON.getFactory().createParser(new GZIPInputStream(new ByteArrayInputStream(packed), 1 << 16))) {
            // the chunk is a sequence of root-level objects, one per line
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String status = null, severity = null, resourceId = null, resourceType = null, subscriptionId = null,
                        vaultName = null, message = null, fingerprint = null, firstSeen = null;
                Map<String, Object> evidence = Map.of();
                AppliedException applied = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "status" -> status = p.getValueAsString();
                        case "severity" -> severity = p.getValueAsString();
                        case "resourceId" -> resourceId = p.getValueAsString();
                        case "resourceType" -> resourceType = p.getValueAsString();
                        case "subscriptionId" -> subscriptionId = p.getValueAsString();
                        case "vaultName" -> vaultName = p.getValueAsString();
                        case "message" -> message = p.getValueAsString();
                        case "fingerprint" -> fingerprint = p.getValueAsString();
                        case "firstSeen" -> firstSeen = p.getValueAsString();
                        case "evidence" -> evidence = readObject(p);
                        case "exception" -> {
                            JsonNode ex = JSON.readTree(p);
                            applied = new AppliedException(ex.path("reason").asText(), ex.path("owner").asText(),
                                    LocalDate.parse(ex.path("expires").asText()));
                        }
                        default -> p.skipChildren();
                    }
                }
                Result r = new Result(ruleId, Status.valueOf(status), Severity.parse(severity), resourceId, resourceType,
                        subscriptionId, vaultName, message, evidence, controls, fingerprint, applied);
                consumer.accept(r, firstSeen == null ? null : seenTimes.computeIfAbsent(firstSeen, Instant::parse));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Evidence is plain JSON (strings, numbers, booleans, lists and maps of them, see RuleEvaluator.plain): written and
     * read with the streaming API rather than the object mapper's per-call machinery, since this runs per result.
     */
    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) g.writeNull();
        else if (v instanceof String s) g.writeString(s);
        else if (v instanceof Boolean b) g.writeBoolean(b);
        else if (v instanceof Long l) g.writeNumber(l);
        else if (v instanceof Integer i) g.writeNumber(i);
        else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) writeValue(g, o);
            g.writeEndArray();
        } else JSON.writeValue(g, v);
    }

    /** The object the parser is at (its START_OBJECT read), as an ordered map. */
    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            out.put(name, readValue(p));
        }
        return out;
    }

    private static Object readValue(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) list.add(readValue(p));
                yield list;
            }
            case VALUE_STRING -> p.getText();
            // CEL's ints are Java longs
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + p.currentToken() + " in a stored result's evidence");
        };
    }
}
