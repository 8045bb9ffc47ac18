package io.kvaudit.source.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of kvaudit's KQL queries ({@code src/main/resources/kql/}), as a file that parses on its own: its parameters are
 * declared at the top, one {@code let name = default;} a line, up to {@code // End of parameters.}. {@link #text}
 * replaces the defaults with the values of a run; nothing else of the file changes, so what is sent is what
 * Microsoft's Kusto parser checked (KqlQueriesTest). {@link #sha256} identifies the query in evidence and exports.
 */
public final class KqlTemplate {

    private static final Pattern PARAMETER = Pattern.compile("(?m)^let (\\w+) = ([^;]+);");
    private static final String END = "// End of parameters.";

    public static final KqlTemplate FACTS = load("activity-facts.kql");
    public static final KqlTemplate COVERAGE = load("activity-coverage.kql");

    private final String file;
    private final String template;
    private final String sha256;
    private final Map<String, int[]> parameters = new LinkedHashMap<>();

    private KqlTemplate(String file, String template) {
        this.file = file;
        this.template = template;
        this.sha256 = sha256(template);
        int end = template.indexOf(END);
        if (end < 0) throw new IllegalStateException("kql/" + file + ": no \"" + END + "\" line");
        Matcher m = PARAMETER.matcher(template).region(0, end);
        while (m.find()) parameters.put(m.group(1), new int[]{m.start(2), m.end(2)});
    }

    public String file() { return file; }

    public String sha256() { return sha256; }

    public java.util.Set<String> parameters() { return parameters.keySet(); }

    /** The query with these values (KQL literals) in place of the defaults; every parameter must be given. */
    public String text(Map<String, String> values) {
        if (!values.keySet().equals(parameters.keySet()))
            throw new IllegalArgumentException("kql/" + file + " takes " + parameters.keySet() + ", given " + values.keySet());
        StringBuilder out = new StringBuilder(template.length() + 64);
        int at = 0;
        for (Map.Entry<String, int[]> p : parameters.entrySet()) {
            out.append(template, at, p.getValue()[0]).append(values.get(p.getKey()));
            at = p.getValue()[1];
        }
        return out.append(template, at, template.length()).toString();
    }

    private static KqlTemplate load(String file) {
        try (InputStream in = KqlTemplate.class.getResourceAsStream("/kql/" + file)) {
            if (in == null) throw new IllegalStateException("kql/" + file + " is missing from the jar");
            return new KqlTemplate(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
