package io.kvaudit.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.model.Severity;
import io.kvaudit.report.ReportFormat;
import io.kvaudit.source.azure.LiveOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The options a scan was started with, as its run row keeps them ({@code kv_run.request_json}) for
 * {@code kvaudit scan --restart}: paths made absolute (a restart may run from another directory), and the SHA-256 of
 * each input file, so a restart refuses inputs that changed since (the rules' digest is the run's own). Nothing secret
 * is kept: the live options name the credential kind and client id, never a secret, and the notification webhook (its
 * URL carries a key) is not kept at all; a restart is given it again.
 */
record StoredRequest(int version, List<String> snapshots, LiveOptions live, List<String> subscriptions, String rules,
                     String exceptions, Instant asOf, String out, List<String> formats, String failOn, boolean failOnIncomplete,
                     String baseline, boolean includePassed, int activityDays, boolean activity, String listedIps,
                     Map<String, String> inputSha256) {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static StoredRequest of(ScanRequest r, Path outDir) {
        Map<String, String> digests = new LinkedHashMap<>();
        for (Path p : new Path[] {r.exceptionsFile(), r.baselineFile(), r.activity().listedIps()})
            if (p != null) digests.put(absolute(p), sha256(p));
        return new StoredRequest(1, r.snapshots().stream().map(StoredRequest::absolute).toList(), r.live(),
                List.copyOf(r.subscriptions()), absolute(r.rulesDir()), absolute(r.exceptionsFile()), r.asOf(), absolute(outDir),
                r.formats().stream().map(f -> f.name()).sorted().toList(), r.failOn().name(), r.failOnIncomplete(),
                absolute(r.baselineFile()), r.includePassed(), r.activity().days(), r.activity().enabled(),
                absolute(r.activity().listedIps()), digests);
    }

    /**
     * Whether a run started with these options is the scan {@code wanted} asks for: the same options and the same
     * input files (by SHA-256), the clock and the output directory compared only when {@code wanted} gave them.
     */
    boolean sameScanAs(StoredRequest wanted, boolean compareAsOf, boolean compareOut) {
        return normalized(compareAsOf, compareOut).equals(wanted.normalized(compareAsOf, compareOut));
    }

    private StoredRequest normalized(boolean keepAsOf, boolean keepOut) {
        return new StoredRequest(version, snapshots, live, subscriptions.stream().sorted().toList(), rules, exceptions,
                keepAsOf ? asOf : null, keepOut ? out : null, formats, failOn, failOnIncomplete, baseline, includePassed, activityDays,
                activity, listedIps, new java.util.TreeMap<>(inputSha256));
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static StoredRequest parse(String runId, String json) {
        try {
            StoredRequest r = JSON.readValue(json, StoredRequest.class);
            if (r.version() != 1) throw new ConfigurationException("run " + runId + ": its options were stored by another kvaudit "
                    + "(format " + r.version() + "); it cannot be restarted by this one");
            return r;
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("run " + runId + ": its stored options cannot be read (" + e.getOriginalMessage() + ")");
        }
    }

    /**
     * The request the restart runs: these options, with this invocation's {@code --quiet} and notification. An input
     * file that is gone or changed since the run started is a configuration error naming it.
     */
    ScanRequest toRequest(String runId, boolean quiet, ScanRequest.Notify notification) {
        inputSha256.forEach((file, was) -> {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p))
                throw new ConfigurationException(file + ": run " + runId + " was started with this file and it is gone; a restarted "
                        + "run judges with the inputs it started with");
            String now = sha256(p);
            if (!now.equals(was))
                throw new ConfigurationException(file + ": changed since run " + runId + " started (sha256 was " + was + ", is "
                        + now + "); a restarted run judges with the inputs it started with: restore the file, or start a new scan");
        });
        EnumSet<ReportFormat> fmts = EnumSet.noneOf(ReportFormat.class);
        for (String f : formats) fmts.add(ReportFormat.valueOf(f));
        List<Path> snaps = snapshots.stream().map(Path::of).toList();
        return new ScanRequest(snaps.isEmpty() ? null : snaps.get(0), live, new LinkedHashSet<>(subscriptions), path(rules),
                path(exceptions), asOf, path(out), fmts, Severity.valueOf(failOn), failOnIncomplete, path(baseline), includePassed,
                quiet, new ScanRequest.Activity(activityDays, activity, path(listedIps)), notification, snaps);
    }

    private static Path path(String s) { return s == null ? null : Path.of(s); }

    private static String absolute(Path p) { return p == null ? null : p.toAbsolutePath().normalize().toString(); }

    static String sha256(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new ConfigurationException(p + ": cannot be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
