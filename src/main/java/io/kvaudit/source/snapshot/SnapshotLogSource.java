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
 *
 * <p>Over several parts of one tenant ({@link SnapshotParts}) the files of every part's {@code logs/} are read as one
 * folder: in part order, then name order; each answer is judged against its own part's {@code queries.json} (so parts
 * folded for another window make the stage skip, {@code LogsNotUsable}); a file name found in two parts is refused;
 * the workspace lists are merged.
 */
public final class SnapshotLogSource implements LogSource {

    private static final int EXAMPLES = 20;

    private final List<SnapshotBodies> parts;

    public SnapshotLogSource(SnapshotBodies bodies) {
        this(List.of(bodies));
    }

    public SnapshotLogSource(List<SnapshotBodies> parts) {
        this.parts = List.copyOf(parts);
    }

    /** True when some part has a {@code logs/} folder at all. */
    public boolean present() { return parts.stream().anyMatch(p -> p.root().isDirectory(SnapshotLayout.LOGS)); }

    /** One answer file: the part it is in, its path there, and that part's queries.json (null when none). */
    private record LogFile(SnapshotRoot root, String file, LogQueries queries) {}

    @Override
    public ActivityLog read(ActivityWindow window, Inventory inventory) {
        List<LogFile> logFiles = new ArrayList<>();
        Map<String, SnapshotRoot> seen = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        List<LogQueries> allQueries = new ArrayList<>();
        boolean anyWorkspaces = false;
        for (SnapshotBodies part : parts) {
            SnapshotRoot root = part.root();
            List<String> partFiles = part.logFiles();
            anyWorkspaces |= root.isFile(SnapshotLayout.WORKSPACES);
            if (partFiles.isEmpty() && !root.isFile(SnapshotLayout.WORKSPACES)) continue;
            LogQueries queries = LogQueries.read(root);
            if (queries != null) allQueries.add(queries);
            for (String f : partFiles) {
                SnapshotRoot other = seen.putIfAbsent(f, root);
                if (other != null)
                    throw new ConfigurationException(other.where(f) + " and " + root.where(f) + ": two parts hold a log file "
                            + "of the same name; rename one (and its entry in " + SnapshotLayout.QUERIES + ")");
                logFiles.add(new LogFile(root, f, queries));
                files.add(f);
            }
        }
        if (files.isEmpty() && !anyWorkspaces) return ActivityLog.empty(files);
        for (LogQueries q : allQueries) q.requireWindow(window);
        // files are read in parallel, each into its own aggregator, merged in file order: the same facts however many threads
        int threads = Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kvaudit-log-reader");
            t.setDaemon(true);
            return t;
        });
        List<Future<FileRead>> reads = new ArrayList<>();
        try {
            for (LogFile f : logFiles) reads.add(pool.submit(() -> readFile(f.root(), f.file(), window, f.queries())));
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
                    new ActivityLog.Unreadable(unreadable, List.copyOf(examples)), List.copyOf(incomplete), sources(logFiles, allQueries));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Where the facts came from, as evidence names it: the queries an export lists, then the files no query lists. */
    private static List<String> sources(List<LogFile> files, List<LogQueries> queries) {
        List<String> out = new ArrayList<>(queries.stream().flatMap(q -> q.sources().stream()).distinct().sorted().toList());
        for (LogFile f : files) if (f.queries() == null || f.queries().entry(f.file()) == null) out.add(f.file());
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

    private static FileRead readFile(SnapshotRoot root, String file, ActivityWindow window, LogQueries queries) {
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

    /**
     * workspaces.json: a Workspaces_List body, or the workspaces' GET bodies in one value; null when no part has one.
     * Over several parts, the lists are merged (a workspace listed twice is taken from the first part).
     */
    Map<String, ActivityLog.Workspace> workspaces() {
        Map<String, ActivityLog.Workspace> out = null;
        for (SnapshotBodies part : parts) {
            Optional<JsonPathNode> read = part.root().read(SnapshotLayout.WORKSPACES);
            if (read.isEmpty()) continue;
            if (out == null) out = new LinkedHashMap<>();
            JsonPathNode body = read.get().requireObject();
            for (JsonPathNode w : body.requiredArray("value")) {
                w.requireObject();
                String id = w.requiredText("id").toLowerCase(Locale.ROOT);
                out.putIfAbsent(id, AzureResponseMapper.workspace(id, w));
            }
        }
        return out;
    }
}
