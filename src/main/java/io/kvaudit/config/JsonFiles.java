package io.kvaudit.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads JSON files into path-aware nodes; a file that is not JSON is a configuration error with line and column. */
public final class JsonFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFiles() {}

    /** The file's JSON, or empty when the file does not exist. */
    public static Optional<JsonPathNode> readIfPresent(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot be read: " + e.getMessage(), e);
        }
        return Optional.of(parse(bytes, file.toString()));
    }

    public static JsonPathNode read(Path file) {
        return readIfPresent(file).orElseThrow(() -> new ConfigurationException(file + ": file not found"));
    }

    /** Longest piece of the file's own text that a message repeats ("Unrecognized token '...'"). */
    static final int SHOWN_TOKEN = 16;
    private static final Pattern QUOTED = Pattern.compile("'([^']{" + (SHOWN_TOKEN + 1) + ",})'");

    /**
     * Jackson's message without its "[Source: REDACTED ...]" noise, and with any token it quotes from the file cut
     * short: a message should say where the file stops being JSON, not replay the file (which, read by mistake,
     * could be anything).
     */
    private static String clean(String message) {
        String m = message.replaceAll("\\s*\\(start marker at \\[Source: [^\\]]*\\]; line: (\\d+), column: (\\d+)\\)",
                " (opened at line $1, column $2)").replaceAll("\\s*at \\[Source: [^\\]]*\\].*", "").strip();
        m = QUOTED.matcher(m).replaceAll(r -> Matcher.quoteReplacement("'" + r.group(1).substring(0, SHOWN_TOKEN) + "…'"));
        return m.replaceAll("\\p{Cntrl}", "?");
    }

    /** "file: at line 3, column 7: not valid JSON: ...", for a file read whole or as a stream. */
    public static ConfigurationException notJson(String name, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return new ConfigurationException(name + ":" + where + ": not valid JSON: " + clean(e.getOriginalMessage()), e);
    }

    public static JsonPathNode parse(byte[] bytes, String name) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) throw new ConfigurationException(name + ": empty file, expected a JSON object");
            return JsonPathNode.root(node, name);
        } catch (JsonProcessingException e) {
            throw notJson(name, e);
        } catch (IOException e) {
            throw new ConfigurationException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
