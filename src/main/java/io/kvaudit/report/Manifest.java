package io.kvaudit.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonFiles;
import io.kvaudit.config.JsonPathNode;
import io.kvaudit.store.RunRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * manifest.json: the SHA-256 and size of every artifact in an output directory, with the run's metadata, rules digest
 * and coverage, so evidence handed to an auditor can be checked later ({@code kvaudit verify DIR}).
 *
 * <p>The manifest only proves the files match it: whoever can rewrite a file can rewrite the manifest too. The
 * SHA-256 of manifest.json's own bytes is the anchor to keep outside the directory (printed by scan and report,
 * stored with the run); {@code verify --expect} / {@code --run} compare against it.
 */
public final class Manifest {

    public static final String FILE = "manifest.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    /** The manifest as written: its file and the SHA-256 of its bytes. */
    public record Written(Path file, String sha256) {}

    /** A listed entry that verify would not read, and why. */
    public record Refused(String path, String reason) {}

    /**
     * What verification found: files whose hash changed, files listed but gone, files present but not listed, listed
     * entries refused (outside the directory, links); {@code checked} entries listed in all. {@code manifestSha256}
     * is the digest of manifest.json as read, {@code runId} the run it names (null if none).
     */
    public record Verification(String manifestSha256, String runId, List<String> changed, List<String> missing,
                               List<String> extra, List<Refused> refused, int checked) {
        /** A manifest that lists nothing vouches for nothing: an emptied directory must not verify. */
        public boolean empty() { return checked == 0; }

        public boolean intact() {
            return !empty() && changed.isEmpty() && missing.isEmpty() && extra.isEmpty() && refused.isEmpty();
        }
    }

    private Manifest() {}

    /**
     * The line scan, report and verify print: a fixed label, then sha256sum's {@code <hex>  <file>}, so a CI log can
     * be grepped for it and the digest kept with the audit record.
     */
    public static String anchorLine(String sha256, Path file) {
        return "manifest sha256: " + sha256 + "  " + file;
    }

    public static Written write(Path outDir, RunRecord run) { return write(outDir, run, Map.of()); }

    /** As above, taking the SHA-256 of files whose writer already computed it (results.json) from {@code digests}. */
    public static Written write(Path outDir, RunRecord run, Map<Path, String> digests) {
        try {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("schemaVersion", 1);
            root.set("run", MAPPER.valueToTree(ResultsJson.runObject(run)));
            root.put("rulesDigest", run.rulesDigest());
            root.set("coverage", run.coverageJson() == null ? MAPPER.nullNode() : MAPPER.readTree(run.coverageJson()));
            ArrayNode artifacts = root.putArray("artifacts");
            // walked as verify walks it (links not followed), so a scan never vouches for a file verify would refuse
            for (Map.Entry<String, Entry> e : files(outDir.toRealPath()).entrySet()) {
                if (!e.getValue().regular()) continue;
                ObjectNode a = artifacts.addObject();
                a.put("path", e.getKey());
                a.put("bytes", e.getValue().size());
                String known = digests.get(outDir.resolve(e.getKey()));
                a.put("sha256", known != null ? known : sha256(e.getValue().path()));
            }
            // hashed from the bytes written, not read back: the digest is of exactly this manifest
            byte[] bytes = MAPPER.writeValueAsBytes(root);
            Path file = outDir.resolve(FILE);
            Files.write(file, bytes);
            return new Written(file, sha256(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": cannot write " + FILE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a directory against its manifest. Nothing outside the directory is read: entries that are not plain
     * relative paths, and symbolic links, are refused rather than followed (a hostile manifest must not make verify
     * hash /etc/passwd). A manifest that is not valid JSON or not of kvaudit's shape is a configuration error.
     */
    public static Verification verify(Path dir) {
        Path file = dir.resolve(FILE);
        Path real = realDirectory(dir, file);
        byte[] bytes = readManifest(real.resolve(FILE), file, dir);
        JsonPathNode root = JsonFiles.parse(bytes, file.toString()).requireObject();
        Long version = root.longValue("schemaVersion");
        if (version == null || version != 1)
            throw root.get("schemaVersion").wrongShape("1 (the schema version of a kvaudit manifest)");
        List<JsonPathNode> listed = root.requiredArray("artifacts");
        String runId = root.raw().path("run").path("id").isTextual() ? root.raw().path("run").path("id").asText() : null;
        try {
            Map<String, Entry> present = files(real);
            List<String> changed = new ArrayList<>(), missing = new ArrayList<>(), extra = new ArrayList<>();
            List<Refused> refused = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (JsonPathNode a : listed) {
                a.requireObject();
                String rel = a.requiredText("path");
                String sha = a.requiredText("sha256");
                if (!SHA256.matcher(sha).matches()) throw a.get("sha256").wrongShape("64 hexadecimal digits");
                Long size = a.longValue("bytes");
                if (size == null || size < 0) throw a.get("bytes").wrongShape("the file's size in bytes");
                if (!seen.add(rel))
                    throw new ConfigurationException(file + ": at " + a.get("path").path() + ": \"" + rel + "\" is listed twice");
                if (!insideDirectory(rel)) {
                    refused.add(new Refused(rel, "not a relative path inside the directory; not read"));
                    continue;
                }
                Entry p = present.remove(rel);
                if (p == null) missing.add(rel);
                else if (p.link()) refused.add(new Refused(rel, "a symbolic link; not followed"));
                else if (!p.regular()) refused.add(new Refused(rel, "not a regular file; not read"));
                else if (p.size() != size || !sha256(p.path(), LinkOption.NOFOLLOW_LINKS).equals(sha.toLowerCase(Locale.ROOT)))
                    changed.add(rel);
            }
            present.forEach((rel, p) -> extra.add(rel + (p.link() ? " (a symbolic link; not followed)"
                    : p.regular() ? "" : " (not a regular file)")));
            return new Verification(sha256(bytes), runId, changed, missing, extra, refused, listed.size());
        } catch (IOException e) {
            throw new ConfigurationException(dir + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A path kvaudit could have written: '/'-separated names below the directory, none empty, "." or "..", no
     * backslash or drive colon (which would mean something else on Windows).
     */
    static boolean insideDirectory(String rel) {
        if (rel.isEmpty() || rel.startsWith("/") || rel.indexOf('\\') >= 0 || rel.indexOf(':') >= 0 || rel.indexOf('\0') >= 0)
            return false;
        for (String name : rel.split("/", -1))
            if (name.isEmpty() || name.equals(".") || name.equals("..")) return false;
        return true;
    }

    /** The directory with links resolved (kvaudit-out/latest may be one), so walking it lists its contents. */
    private static Path realDirectory(Path dir, Path file) {
        try {
            Path real = dir.toRealPath();
            if (Files.isDirectory(real)) return real;
        } catch (NoSuchFileException e) {
            // reported below, as a missing manifest
        } catch (IOException e) {
            throw new ConfigurationException(dir + ": cannot be read: " + e.getMessage(), e);
        }
        throw new ConfigurationException(file + ": file not found; is " + dir + " a kvaudit output directory?");
    }

    private static byte[] readManifest(Path real, Path file, Path dir) {
        if (Files.isSymbolicLink(real))
            throw new ConfigurationException(file + ": a symbolic link, not followed; kvaudit writes manifest.json as a regular file");
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            return in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(file + ": file not found; is " + dir + " a kvaudit output directory?");
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** One entry below an output directory, as seen without following links. */
    private record Entry(Path path, boolean regular, boolean link, long size) {}

    /** Every entry below the directory but directories and the manifest itself, by '/'-separated relative path. */
    private static Map<String, Entry> files(Path dir) throws IOException {
        Map<String, Entry> out = new TreeMap<>();
        // without FOLLOW_LINKS a link is visited as itself: listed, never descended into or read through
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes a) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.equals(FILE)) out.put(rel, new Entry(p, a.isRegularFile(), a.isSymbolicLink(), a.size()));
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    static String sha256(Path p, LinkOption... options) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(p, options), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
