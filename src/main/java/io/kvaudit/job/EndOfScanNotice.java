package io.kvaudit.job;

import io.kvaudit.config.ToolVersion;
import io.kvaudit.notify.Delivery;
import io.kvaudit.notify.NotificationPayload;
import io.kvaudit.notify.ScanNotification;
import io.kvaudit.notify.WebhookNotifier;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.List;

/**
 * The end-of-scan notification ({@code --notify-webhook}): the recorded run summed up ({@link ScanNotification}),
 * posted with retries, and its outcome stored with the run. It runs after the run is recorded, completed or failed,
 * and never changes the exit code: a notification that does not go through is a warning.
 */
@Component
public class EndOfScanNotice {

    private final RunStore store;

    public EndOfScanNotice(RunStore store) {
        this.store = store;
    }

    Delivery send(ScanRequest.Notify notify, ScanRun run, ScanService.Outcome outcome) {
        Delivery delivery;
        try {
            String payload = NotificationPayload.json(summary(run, outcome));
            delivery = new WebhookNotifier(notify.attempts(), notify.timeout(), ToolVersion.get()).post(notify.webhook(), payload);
        } catch (RuntimeException e) {
            // a fault of kvaudit's own while summing up: still only a warning, and still without the URL's key
            delivery = new Delivery(false, 0, notify.attempts(), "not sent: " + notify.webhook().scrub(e.toString()),
                    notify.webhook().redacted());
        }
        store.saveNotification(run.runId, delivery.describe());
        return delivery;
    }

    private ScanNotification summary(ScanRun run, ScanService.Outcome outcome) {
        RunRecord r = store.find(run.runId).orElseThrow();
        boolean completed = "COMPLETED".equals(r.status());
        String error = outcome.error() == null ? null : firstLine(outcome.error());
        List<String> files = run.outputs.stream().map(p -> String.valueOf(p.getFileName())).toList();
        Path out = run.outDir;
        return new ScanNotification(r.runId(), r.status(), r.tenantId(), r.source(), r.asOf(), r.startedAt(), r.finishedAt(),
                r.toolVersion(), completed ? run.tallies : List.of(), r.passCount(), r.failCount(), r.errorCount(), r.mutedCount(),
                run.request.failOn().label(), run.request.failOnIncomplete(), outcome.exitCode(),
                run.verdict != null ? run.verdict.explanation() : error, completed ? store.trend(r) : null, out.toString(),
                files, completed ? r.manifestSha256() : null, error);
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.length() <= 300 ? line : line.substring(0, 299) + "…";
    }
}
