package io.kvaudit.job;

import io.kvaudit.model.Severity;
import io.kvaudit.report.ReportFormat;
import io.kvaudit.source.azure.LiveOptions;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * What the user asked one scan to do (the parsed options of {@code kvaudit scan}): a snapshot directory, or the
 * live options ({@code snapshot} null) of a scan of Azure itself, what the activity stage is to do, and where to post
 * the end-of-scan notification ({@code notification} null: nowhere).
 */
public record ScanRequest(Path snapshot, LiveOptions live, Set<String> subscriptions, Path rulesDir, Path exceptionsFile, Instant asOf,
                          Path outDir, Set<ReportFormat> formats, Severity failOn, boolean failOnIncomplete, Path baselineFile,
                          boolean includePassed, boolean quiet, Activity activity, Notify notification) {

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
