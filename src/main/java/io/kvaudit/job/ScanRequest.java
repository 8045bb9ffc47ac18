package io.kvaudit.job;

import io.kvaudit.model.Severity;
import io.kvaudit.report.ReportFormat;
import io.kvaudit.source.azure.LiveOptions;

import java.nio.file.Path;
import java.util.List;
import java.time.Instant;
import java.util.Set;

/**
 * What the user asked one scan to do (the parsed options of {@code kvaudit scan}): a snapshot directory, or the
 * live options ({@code snapshot} null) of a scan of Azure itself, what the activity stage is to do, and where to post
 * the end-of-scan notification ({@code notification} null: nowhere).
 */
public record ScanRequest(Path snapshot, LiveOptions live, Set<String> subscriptions, Path rulesDir, Path exceptionsFile, Instant asOf,
                          Path outDir, Set<ReportFormat> formats, Severity failOn, boolean failOnIncomplete, Path baselineFile,
                          boolean includePassed, boolean quiet, Activity activity, Notify notification,
                          List<Path> snapshots) {

    /** {@code snapshots}: every --snapshot given, in order ({@code snapshot} is the first); null means just {@code snapshot}. */
    public ScanRequest {
        if (snapshots == null || snapshots.isEmpty()) snapshots = snapshot == null ? List.of() : List.of(snapshot);
        else snapshots = List.copyOf(snapshots);
    }

    /** The snapshot directories as the run record and the console name them: one, or several joined by ", ". */
    public String snapshotLabel() {
        return snapshots.isEmpty() ? null : String.join(", ", snapshots.stream().map(Path::toString).toList());
    }

    /**
     * The activity stage's options: {@code --activity-days}, {@code --no-activity}, {@code --listed-ips}.
     *
     * @param listedIps the file of listed IPs and CIDRs, or null
     */
    public record Activity(int days, boolean enabled, Path listedIps) {
        public static final Activity DEFAULT = new Activity(1, true, null);
    }

    /** {@code --notify-webhook} (or {@code kvaudit.notify.*}): where the summary goes, how often to try, how long to wait. */
    public record Notify(io.kvaudit.notify.WebhookUrl webhook, int attempts, java.time.Duration timeout) {}
}
