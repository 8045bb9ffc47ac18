package io.kvaudit.source.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonPathNode;
import io.kvaudit.model.TenantInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code kvaudit snapshot merge}: several parts of one tenant ({@link SnapshotParts}, the same checks) written as one
 * snapshot directory, so that scanning it gives what scanning the parts together gives. Each part's subscription
 * folders and vault folders are copied as they are; subscriptions.json holds every part's items in part order;
 * {@code logs/} holds every part's files (a name in two parts is refused), the workspace lists merged and one
 * queries.json (parts folded for different windows are refused: a scan could use neither with the other);
 * snapshot.json comes last, with the earliest part's capturedAt. Files are read and written through
 * {@link SnapshotRoot}, so nothing outside the parts is read nor outside {@code out} written.
 */
public final class SnapshotMerge {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SnapshotMerge() {}

    /** What was written: files and subscriptions. */
    public record Written(TenantInfo tenant, int parts, int subscriptions, int files) {}

    /** {@code out} must exist and be empty (the caller checks it). */
    public static Written merge(List<Path> dirs, Path out) {
        try (SnapshotParts parts = SnapshotParts.open(dirs)) {
            SnapshotRoot target = SnapshotRoot.of(out);
            Map<String, Path> written = new HashMap<>();
            int[] files = {0};
            ObjectNode workspaces = null;
            Set<String> workspaceIds = new HashSet<>();
            LogQueries queries = null;
            Path queriesFrom = null;
            for (SnapshotParts.Part part : parts.parts()) {
                SnapshotRoot root = part.bodies().root();
                for (String id : part.subscriptionIds())
                    for (String f : tree(part.dir(), SnapshotLayout.subscriptionDir(id))) copy(root, target, f, written, files);
                for (String f : tree(part.dir(), "vaults")) copy(root, target, f, written, files);
                for (String f : part.bodies().logFiles()) copy(root, target, f, written, files);
                Optional<JsonPathNode> ws = root.read(SnapshotLayout.WORKSPACES);
                if (ws.isPresent()) {
                    if (workspaces == null) {
                        workspaces = JSON.createObjectNode();
                        workspaces.putArray("value");
                    }
                    ArrayNode value = (ArrayNode) workspaces.get("value");
                    for (JsonPathNode w : ws.get().requireObject().requiredArray("value")) {
                        w.requireObject();
                        if (workspaceIds.add(w.requiredText("id").toLowerCase(Locale.ROOT))) value.add(w.raw());
                    }
                }
                LogQueries q = LogQueries.read(root);
                if (q != null) {
                    if (queries == null) {
                        queries = new LogQueries(q.asOf(), q.activityDays());
                        queriesFrom = root.where(SnapshotLayout.QUERIES);
                    } else if (!queries.asOf().equals(q.asOf()) || queries.activityDays() != q.activityDays())
                        throw new ConfigurationException(queriesFrom + " was folded for the window ending " + queries.asOf()
                                + " (--activity-days " + queries.activityDays() + ") but " + root.where(SnapshotLayout.QUERIES)
                                + " for the window ending " + q.asOf() + " (--activity-days " + q.activityDays()
                                + "); export the parts with the same --as-of and --activity-days");
                    q.entries().forEach(queries::add);
                }
            }
            write(target, SnapshotLayout.SUBSCRIPTIONS, bytes(parts.subscriptions().raw()));
            files[0]++;
            if (workspaces != null) { write(target, SnapshotLayout.WORKSPACES, bytes(workspaces)); files[0]++; }
            if (queries != null) { write(target, SnapshotLayout.QUERIES, queries.toJson()); files[0]++; }
            TenantInfo t = parts.tenant();
            ObjectNode h = JSON.createObjectNode();
            h.put("formatVersion", SnapshotBodies.FORMAT_VERSION);
            h.put("tenantId", t.tenantId());
            h.put("capturedAt", t.capturedAt().toString());
            h.put("cloud", t.cloud());
            if (t.identity() != null) h.put("identity", t.identity());
            write(target, SnapshotLayout.HEADER, bytes(h));
            files[0]++;
            return new Written(t, parts.parts().size(), parts.parts().stream().mapToInt(p -> p.subscriptionIds().size()).sum(), files[0]);
        }
    }

    /** The files under a folder of a part, as relative paths with '/', in name order; none when it is absent. */
    private static List<String> tree(Path dir, String folder) {
        Path start = dir.resolve(folder);
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) return List.of();
        try (Stream<Path> walk = Files.walk(start)) {
            return walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> String.join("/", java.util.stream.StreamSupport.stream(dir.relativize(p).spliterator(), false)
                            .map(Path::toString).toList()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ConfigurationException(start + ": cannot be listed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void copy(SnapshotRoot from, SnapshotRoot to, String file, Map<String, Path> written, int[] files) {
        Path other = written.putIfAbsent(file, from.where(file));
        if (other != null)
            throw new ConfigurationException(other + " and " + from.where(file) + ": two parts hold the same file; "
                    + "a vault or log file must be collected into one part only");
        byte[] content;
        try (InputStream in = from.open(file)) {
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new ConfigurationException(from.where(file) + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        write(to, file, content);
        files[0]++;
    }

    private static void write(SnapshotRoot to, String file, byte[] content) {
        try {
            to.write(file, content);
        } catch (IOException e) {
            throw new ConfigurationException(to.where(file) + ": cannot be written (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static byte[] bytes(com.fasterxml.jackson.databind.JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
