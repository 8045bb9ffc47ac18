package io.kvaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.store.RunRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * manifest.json: the SHA-256 and size of every artifact in an output directory, with the run's metadata, rules digest
 * and coverage, so evidence handed to an auditor can be checked later ({@code kvaudit verify DIR}).
 */
public final class Manifest {

    public static final String FILE = "manifest.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What verification found: files whose hash changed, files listed but gone, files present but not listed. */
    public record Verification(List<String> changed, List<String> missing, List<String> extra, int checked) {
        public boolean intact() { return changed.isEmpty() && missing.isEmpty() && extra.isEmpty(); }
    }

    private Manifest() {}

    public static Path write(Path outDir, RunRecord run) { return write(outDir, run, Map.of()); }

    /** As above, taking the SHA-256 of files whose writer already computed it (results.json) from {@code digests}. */
    public static Path write(Path outDir, RunRecord run, Map<Path, String> digests) {
        try {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("schemaVersion", 1);
            root.set("run", MAPPER.valueToTree(ResultsJson.runObject(run)));
            root.put("rulesDigest", run.rulesDigest());
            root.set("coverage", run.coverageJson() == null ? MAPPER.nullNode() : MAPPER.readTree(run.coverageJson()));
            ArrayNode artifacts = root.putArray("artifacts");
            for (Map.Entry<String, Path> e : files(outDir).entrySet()) {
                ObjectNode a = artifacts.addObject();
                a.put("path", e.getKey());
                a.put("bytes", Files.size(e.getValue()));
                String known = digests.get(e.getValue());
                a.put("sha256", known != null ? known : sha256(e.getValue()));
            }
            Path file = outDir.resolve(FILE);
            MAPPER.writeValue(file.toFile(), root);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": cannot write " + FILE + ": " + e.getMessage(), e);
        }
    }

    public static Verification verify(Path dir) {
        Path file = dir.resolve(FILE);
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new ConfigurationException(file + ": file not found; is " + dir + " a kvaudit output directory?");
        } catch (IOException e) {
            throw new ConfigurationException(file + ": not a valid manifest: " + e.getMessage());
        }
        if (root == null || root.path("schemaVersion").asInt() != 1 || !root.path("artifacts").isArray())
            throw new ConfigurationException(file + ": at $.artifacts: expected the artifact list of a kvaudit manifest (schemaVersion 1)");
        try {
            Map<String, Path> present = files(dir);
            List<String> changed = new ArrayList<>(), missing = new ArrayList<>(), extra = new ArrayList<>();
            int checked = 0;
            for (JsonNode a : root.path("artifacts")) {
                String rel = a.path("path").asText();
                Path p = present.remove(rel);
                checked++;
                if (p == null) missing.add(rel);
                else if (!sha256(p).equals(a.path("sha256").asText())) changed.add(rel);
            }
            extra.addAll(present.keySet());
            return new Verification(changed, missing, extra, checked);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file below the directory except the manifest itself, by '/'-separated relative path. */
    private static Map<String, Path> files(Path dir) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.equals(FILE)) out.put(rel, p);
            }
        }
        return out;
    }

    static String sha256(Path p) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
