package io.kvaudit.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON node that knows its file and JSON path, so a value of the wrong shape is reported as
 * "file: at $.value[3].properties.tenantId: expected a string, found a number". Absent and null read as null.
 */
public final class JsonPathNode {

    /**
     * The times kvaudit accepts, in Unix seconds and in RFC 3339: Unix time starts in 1970, RFC 3339 years have four
     * digits, and CEL's timestamps end with 9999 too. A time outside is no time Azure gives, and further on it would
     * overflow (Instant, CEL) where no file and JSON path could be named any more.
     */
    public static final Instant EARLIEST = Instant.EPOCH;
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final JsonNode node;
    private final String file;
    /** The JSON path, built only when asked for (an error message): from the parent and this node's step. */
    private final JsonPathNode parent;
    private final String step;
    private String path;

    public JsonPathNode(JsonNode node, String file, String path) {
        this.node = node;
        this.file = file;
        this.parent = null;
        this.step = null;
        this.path = path;
    }

    private JsonPathNode(JsonNode node, JsonPathNode parent, String step) {
        this.node = node;
        this.file = parent.file;
        this.parent = parent;
        this.step = step;
    }

    public static JsonPathNode root(JsonNode node, String file) { return new JsonPathNode(node, file, "$"); }

    public JsonNode raw() { return node; }

    public String file() { return file; }

    public String path() {
        if (path == null) path = parent.path() + step;
        return path;
    }

    public boolean isMissing() { return node == null || node.isNull() || node.isMissingNode(); }

    public boolean has(String field) { return node != null && node.isObject() && node.hasNonNull(field); }

    /** A child of this object; a missing child is a missing node, not an error. */
    public JsonPathNode get(String field) {
        requireObject();
        return new JsonPathNode(node.get(field), this, "." + field);
    }

    /** A child that must be an object (absent is allowed: it reads as missing). */
    public JsonPathNode object(String field) {
        JsonPathNode child = get(field);
        if (!child.isMissing()) child.requireObject();
        return child;
    }

    public JsonPathNode requireObject() {
        if (node == null || !node.isObject()) throw wrongShape("an object");
        return this;
    }

    public String text(String field) {
        JsonPathNode c = get(field);
        if (c.isMissing()) return null;
        if (!c.node.isTextual()) throw c.wrongShape("a string");
        return c.node.asText();
    }

    public String requiredText(String field) {
        String v = text(field);
        if (v == null) throw get(field).wrongShape("a string");
        return v;
    }

    public Boolean bool(String field) {
        JsonPathNode c = get(field);
        if (c.isMissing()) return null;
        if (!c.node.isBoolean()) throw c.wrongShape("true or false");
        return c.node.booleanValue();
    }

    public Integer integer(String field) {
        Long v = wholeNumber(field, Integer.MIN_VALUE, Integer.MAX_VALUE,
                "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
        return v == null ? null : v.intValue();
    }

    public Long longValue(String field) {
        return wholeNumber(field, Long.MIN_VALUE, Long.MAX_VALUE, "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
    }

    /** A Key Vault attribute time: Unix seconds. */
    public Instant epochSeconds(String field) {
        Long v = wholeNumber(field, EARLIEST.getEpochSecond(), LATEST.getEpochSecond(), "Unix seconds from "
                + EARLIEST.getEpochSecond() + " (" + EARLIEST + ") to " + LATEST.getEpochSecond() + " (" + LATEST + ")");
        return v == null ? null : Instant.ofEpochSecond(v);
    }

    /** A resource-manager time: an RFC 3339 string. */
    public Instant rfc3339(String field) {
        String v = text(field);
        if (v == null) return null;
        Instant t;
        try {
            t = Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                t = java.time.OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e2) {
                throw get(field).wrongValue("an RFC 3339 time such as 2026-01-31T12:00:00Z", v);
            }
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST))
            throw get(field).wrongValue("an RFC 3339 time from " + EARLIEST + " to " + LATEST, v);
        return t;
    }

    /**
     * A number that must be whole and within [min, max]; {@code range} says so in words. Every number is judged on
     * its exact value, so neither a huge one (1e300, 2^64) nor an edge one wraps or throws where it is used.
     */
    private Long wholeNumber(String field, long min, long max, String range) {
        JsonPathNode c = get(field);
        if (c.isMissing()) return null;
        if (!c.node.isNumber()) throw c.wrongShape("a whole number");
        String text = c.node.asText();
        if (c.node.isFloatingPointNumber() && !Double.isFinite(c.node.doubleValue())) throw c.wrongValue(range, text, false);
        BigDecimal exact = c.node.decimalValue();
        if (exact.signum() != 0 && exact.stripTrailingZeros().scale() > 0) throw c.wrongValue("a whole number", text, false);
        if (exact.compareTo(BigDecimal.valueOf(min)) < 0 || exact.compareTo(BigDecimal.valueOf(max)) > 0)
            throw c.wrongValue(range, text, false);
        return exact.longValueExact();
    }

    /** The elements of an array field; an absent field gives an empty list. */
    public List<JsonPathNode> array(String field) {
        JsonPathNode c = get(field);
        if (c.isMissing()) return List.of();
        return c.elements();
    }

    /** The elements of an array field that must be present (e.g. {@code value} of a list body). */
    public List<JsonPathNode> requiredArray(String field) {
        JsonPathNode c = get(field);
        if (c.isMissing()) throw c.wrongShape("an array");
        return c.elements();
    }

    public List<JsonPathNode> elements() {
        if (!node.isArray()) throw wrongShape("an array");
        List<JsonPathNode> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) out.add(new JsonPathNode(node.get(i), this, "[" + i + "]"));
        return out;
    }

    public List<String> stringList(String field) {
        List<JsonPathNode> items = array(field);
        List<String> out = new ArrayList<>(items.size());
        for (JsonPathNode item : items) {
            if (item.isMissing()) continue;
            if (!item.node.isTextual()) throw item.wrongShape("a string");
            out.add(item.node.asText());
        }
        return Collections.unmodifiableList(out);
    }

    /** An object of string values such as {@code tags}; absent gives an empty map. */
    public Map<String, String> stringMap(String field) {
        JsonPathNode c = object(field);
        if (c.isMissing()) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v == null || v.isNull()) continue;
            if (!v.isValueNode()) throw new JsonPathNode(v, c, "." + e.getKey()).wrongShape("a string");
            out.put(e.getKey(), v.asText());
        }
        return Collections.unmodifiableMap(out);
    }

    public ConfigurationException wrongShape(String expected) { return wrongShape(expected, true); }

    /** A value of the right type but not an allowed one: "expected ..., found \"the value\"". */
    public ConfigurationException wrongValue(String expected, String value) { return wrongValue(expected, value, true); }

    private ConfigurationException wrongValue(String expected, String value, boolean quote) {
        return new ConfigurationException(file + ": at " + path() + ": expected " + expected + ", found "
                + (quote ? quoted(value) : value));
    }

    /**
     * A value from a file, quoted for a message: control characters escaped, and a long one shortened in the middle
     * (its start and end are what tell values apart), so a message stays one readable line.
     */
    public static String quoted(String value) {
        if (value == null) return "nothing";
        String s = value.length() <= 80 ? value : value.substring(0, 38) + "…" + value.substring(value.length() - 38);
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') b.append('\\').append(ch);
            else if (ch < 0x20 || ch == 0x7f) b.append(String.format("\\u%04x", (int) ch));
            else b.append(ch);
        }
        return b.append('"').toString();
    }

    private ConfigurationException wrongShape(String expected, boolean sayFound) {
        String found = node == null || node.isMissingNode() ? "nothing" : describe(node);
        return new ConfigurationException(file + ": at " + path() + ": expected " + expected + (sayFound ? ", found " + found : ""));
    }

    private static String describe(JsonNode n) {
        if (n.isNull()) return "null";
        if (n.isTextual()) return "a string";
        if (n.isBoolean()) return "a boolean";
        if (n.isNumber()) return "a number";
        if (n.isArray()) return "an array";
        if (n.isObject()) return "an object";
        return n.getNodeType().toString().toLowerCase();
    }
}
