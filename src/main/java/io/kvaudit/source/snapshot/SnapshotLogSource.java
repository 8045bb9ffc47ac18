package io.kvaudit.source.snapshot;

import com.fasterxml.jackson.core.JsonParseException;
import io.kvaudit.activity.ActivityLog;
import io.kvaudit.activity.FactAggregator;
import io.kvaudit.activity.LogSource;
import io.kvaudit.activity.WorkspaceReads;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonFiles;
import io.kvaudit.config.JsonPathNode;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.Inventory;
import io.kvaudit.source.AzureResponseMapper;
import io.kvaudit.source.FactTableMapper;
import io.kvaudit.source.LogResponseReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A snapshot's {@code logs/} (docs/snapshot-format.md): every {@code *.json} but {@code workspaces.json} and
 * {@code queries.json}, in name order, is a Log Analytics query response whose rows are raw Key Vault audit events of
 * either table, or (in an export) the answers of kvaudit's own queries, listed in {@code queries.json} with the
 * workspace and window they were asked for. Each file is parsed as a stream ({@link LogResponseReader}) into a
 * {@link FactAggregator}, so memory does not grow with the events. A row that cannot be read is counted and located
 * (file, table, row); a file that is not a Log Analytics response is a snapshot error naming it; a response carrying
 * {@code error} beside its tables is used and reported as incomplete, one carrying only an error means its rows were
 * never read. A workspace's answers are judged as the live scan judged them ({@link WorkspaceReads}).
 */
public final class SnapshotLogSource implements LogSource {

    private static final int EXAMPLES = 20;

    private final SnapshotBodies bodies;
    private final SnapshotRoot root;

    public SnapshotLogSource(SnapshotBodies bodies) {
        this.bodies = bodies;
        this.root = bodies.root();
    }

    /** True when the snapshot has a {@code logs/} folder at all. */
    public boolean present() { return root.isDirectory(SnapshotLayout.LOGS); }

    @Override
    public ActivityLog read(ActivityWindow window, Inventory inventory) {
        List<String> files = bodies.logFiles();
        if (files.isEmpty() && !root.isFile(SnapshotLayout.WORKSPACES)) return ActivityLog.empty(files);
        LogQueries queries = LogQueries.read(root);
        if (queries != null) queries.requireWindow(window);
        // files are read in parallel, each into its own aggregator, merged in file order: the same facts however many threads
        int threads = Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kvaudit-log-reader");
            t.setDaemon(true);
            return t;
        });
        List<Future<FileRead>> reads = new ArrayList<>();
        try {
            for (String f : files) reads.add(pool.submit(() -> readFile(f, window, queries)));
            FactAggregator facts = new FactAggregator(window);
            WorkspaceReads answers = new WorkspaceReads();
            List<String> incomplete = new ArrayList<>(), examples = new ArrayList<>();
            long unreadable = 0;
            for (Future<FileRead> read : reads) {
                FileRead r = join(read);
                facts.merge(r.facts());
                if (r.incomplete() != null) incomplete.add(r.incomplete());
                if (r.listed() != null) answers.add(r.listed().workspace(), r.listed().query(), r.answer(), r.reason());
                unreadable += r.unreadable();
                for (String e : r.examples()) if (examples.size() < EXAMPLES) examples.add(e);
            }
            Map<String, ActivityLog.Workspace> workspaces = workspaces();
            return new ActivityLog(facts.facts(), facts.vaults(), facts.firstEvent(), facts.lastEvent(),
                    workspaces == null ? null : answers.judge(workspaces), facts.rows(), facts.dropped(),
                    new ActivityLog.Unreadable(unreadable, List.copyOf(examples)), List.copyOf(incomplete), sources(files, queries));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Where the facts came from, as evidence names it: the queries an export lists, then the files no query lists. */
    private static List<String> sources(List<String> files, LogQueries queries) {
        if (queries == null) return files;
        List<String> out = new ArrayList<>(queries.sources());
        for (String f : files) if (queries.entry(f) == null) out.add(f);
        return out;
    }

    /**
     * What one file gave: its facts, why it is incomplete (null when it is not; files no query lists), how the answer
     * of a listed query ended, its unreadable rows.
     */
    private record FileRead(FactAggregator facts, String incomplete, LogQueries.Entry listed, WorkspaceReads.Answer answer,
                            String reason, long unreadable, List<String> examples) {}

    private static FileRead join(Future<FileRead> read) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading logs/", e);
        }
    }

    private FileRead readFile(String file, ActivityWindow window, LogQueries queries) {
        FactAggregator facts = new FactAggregator(window);
        List<String> examples = new ArrayList<>();
        long[] unreadable = {0};
        LogResponseReader.RowIssue issue = (where, why) -> {
            if (unreadable[0]++ < EXAMPLES) examples.add(where + ": " + why);
        };
        String name = root.where(file).toString();
        LogQueries.Entry listed = queries == null ? null : queries.entry(file);
        LogResponseReader.Outcome read;
        try (InputStream in = root.open(file)) {
            read = LogResponseReader.read(in, name, file, facts, issue);
        } catch (LogResponseReader.Malformed e) {
            throw new ConfigurationException(e.getMessage());
        } catch (JsonParseException e) {
            throw JsonFiles.notJson(name, e);
        } catch (IOException e) {
            throw new ConfigurationException(name + ": cannot be read: " + e.getMessage(), e);
        }
        boolean folded = read.kinds().contains(FactTableMapper.Kind.FACTS) || read.kinds().contains(FactTableMapper.Kind.COVERAGE);
        if (folded && listed == null)
            throw new ConfigurationException(name + ": holds the answer of a kvaudit Log Analytics query (facts or coverage), "
                    + "but " + SnapshotLayout.QUERIES + " does not list it, so the window it was folded for is unknown "
                    + "(expected an entry {\"file\": \"" + file + "\", \"workspace\": ..., \"query\": ...} there)");
        String reason = read.error() == null ? null : LogResponseReader.errorText(read.error());
        if (listed != null) {
            // a workspace's answer: judged as the live scan judged it (WorkspaceReads)
            WorkspaceReads.Answer answer = read.error() == null ? WorkspaceReads.Answer.COMPLETE
                    : read.tables() ? WorkspaceReads.Answer.PARTIAL : WorkspaceReads.Answer.FAILED;
            return new FileRead(facts, null, listed, answer, reason, unreadable[0], examples);
        }
        String incomplete = reason == null ? null : file + ": " + (read.tables() ? "partial answer, " : "no rows, ") + reason;
        return new FileRead(facts, incomplete, null, null, null, unreadable[0], examples);
    }

    /** workspaces.json: a Workspaces_List body, or the workspaces' GET bodies in one value; null when absent. */
    Map<String, ActivityLog.Workspace> workspaces() {
        Optional<JsonPathNode> read = root.read(SnapshotLayout.WORKSPACES);
        if (read.isEmpty()) return null;
        JsonPathNode body = read.get().requireObject();
        Map<String, ActivityLog.Workspace> out = new LinkedHashMap<>();
        for (JsonPathNode w : body.requiredArray("value")) {
            w.requireObject();
            String id = w.requiredText("id").toLowerCase(Locale.ROOT);
            out.put(id, AzureResponseMapper.workspace(id, w));
        }
        return out;
    }
}
