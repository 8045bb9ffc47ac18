package io.kvaudit.cli;

import io.kvaudit.job.ScanRequest;
import io.kvaudit.job.ScanService;
import io.kvaudit.model.Severity;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.KvauditProperties;
import io.kvaudit.config.Secrets;
import io.kvaudit.source.azure.LiveOptions;
import io.kvaudit.report.ConsoleSummary;
import io.kvaudit.report.Manifest;
import io.kvaudit.report.ReportFormat;
import io.kvaudit.report.ReportWriter;
import io.kvaudit.notify.WebhookUrl;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code kvaudit scan}: runs the scan job and exits with the gate's verdict. */
@Component
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Discover vaults, evaluate the rules, write the reports and gate on the results.")
public class ScanCommand implements Callable<Integer>, UsageCheck {

    @Autowired
    ScanService scans;

    @Autowired
    KvauditProperties properties;

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    AzureOptions azure;

    @Option(names = "--snapshot", paramLabel = "DIR",
            description = "Read a tenant snapshot directory instead of live Azure. Repeatable: several directories "
                    + "(exports of one tenant, each of its own subscriptions) are scanned as one tenant.")
    List<Path> snapshots = new ArrayList<>();

    @Option(names = "--subscription", paramLabel = "ID", description = "Limit the scope to this subscription (repeatable).")
    List<String> subscriptions = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "PATH", description = "Rules directory (default: the rules bundled in kvaudit).")
    Path rules;

    @Option(names = "--exceptions", paramLabel = "FILE", description = "Exception (waiver) file, see docs/exceptions.md.")
    Path exceptions;

    @Option(names = "--as-of", paramLabel = "INSTANT", converter = Converters.Rfc3339.class,
            description = "The clock rules evaluate against, RFC 3339 (default: now).")
    Instant asOf;

    @Option(names = "--activity-days", paramLabel = "N", defaultValue = "1",
            description = "Detection window for the access logs, in days before --as-of; baselines look 30 days further "
                    + "back, dormancy 90 days (default: ${DEFAULT-VALUE}).")
    int activityDays;

    @Option(names = "--no-activity", description = "Skip the access-log stage (the report says so).")
    boolean noActivity;

    @Option(names = "--listed-ips", paramLabel = "FILE",
            description = "IPs and CIDR ranges (one a line, # comments) that activity-listed-ip flags: threat intelligence, Tor exits.")
    Path listedIps;

    @Option(names = "--out", paramLabel = "DIR", description = "Where reports go (default: ./kvaudit-out/<run id>/).")
    Path out;

    @Option(names = "--format", paramLabel = "LIST", split = ",",
            description = "Report formats: html, pdf, json, sarif, junit, csv (default: html,pdf,json).")
    List<String> formats = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = Converters.Threshold.class, defaultValue = "high",
            description = "Gate threshold: critical, high, medium, low or none (default: ${DEFAULT-VALUE}).")
    Severity failOn;

    @Option(names = "--fail-on-incomplete", description = "Also fail (exit 4) when some resources could not be assessed.")
    boolean failOnIncomplete;

    @Option(names = "--baseline", paramLabel = "FILE", description = "An earlier results.json: gate only on results new since then.")
    Path baseline;

    @Option(names = "--include-passed", description = "List PASS results in results.json too (they are always counted).")
    boolean includePassed;

    @Option(names = "--quiet", description = "Print nothing but errors and the manifest's SHA-256 line (no progress, no summary).")
    boolean quiet;

    @Option(names = "--restart", paramLabel = "RUN_ID",
            description = "Resume an interrupted, stopped or failed run (kvaudit history lists them) with the options it was "
                    + "started with: the vaults it collected are not read again. Only --quiet, --notify-webhook, --db-url and "
                    + "--config may be given with it. See docs/scheduling.md.")
    String restart;

    @Option(names = "--resume-within", paramLabel = "HOURS",
            description = "Resume the newest interrupted or stopped run started in the last HOURS hours with these same options "
                    + "and unchanged inputs (the clock and --out compared only when given) instead of starting anew; start a "
                    + "new scan when there is none. For a scheduler's retry of a killed scan. See docs/scheduling.md.")
    Integer resumeWithin;

    /** What may be given with --restart: the rest of the options are the run's own, as it was started. */
    private static final Set<String> WITH_RESTART = Set.of("--restart", "--quiet", "--notify-webhook", "--db-url", "--config");

    @Option(names = "--notify-webhook", paramLabel = "URL",
            description = "Post a JSON summary (with a markdown text field for Teams and Slack) here when the scan ends: https, "
                    + "or http to loopback (default: kvaudit.notify.webhook, env KVAUDIT_NOTIFY_WEBHOOK). See docs/notifications.md.")
    String notifyWebhook;

    /** A bad --notify-webhook is a usage error before anything starts; the message never repeats the URL's path or query. */
    @Override
    public void checkUsage() {
        String problem = WebhookUrl.problem(notifyWebhook);
        if (problem != null) throw new ParameterException(spec.commandLine(), "--notify-webhook: " + problem);
        if (resumeWithin != null && (resumeWithin < 1 || resumeWithin > 168))
            throw new ParameterException(spec.commandLine(), "--resume-within: expected 1 to 168 hours, found " + resumeWithin);
        if (restart != null) {
            var parsed = spec.commandLine().getParseResult();
            List<String> others = parsed == null ? List.of() : parsed.matchedOptions().stream().map(o -> o.longestName())
                    .filter(n -> !WITH_RESTART.contains(n)).distinct().toList();
            if (!others.isEmpty())
                throw new ParameterException(spec.commandLine(), "--restart resumes the run with the options it was started with; "
                        + String.join(", ", others) + " cannot be given with it");
            if (!restart.matches("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}"))
                throw new ParameterException(spec.commandLine(), "--restart: expected a run id such as 20261120T060000Z-1a2b3c "
                        + "(kvaudit history lists them), found '" + restart + "'");
        }
    }

    @Override
    public Integer call() {
        if (restart != null) {
            checkUsage();
            return report(scans.restart(restart, quiet, notifyRequest()), quiet);
        }
        Set<ReportFormat> chosen;
        try {
            chosen = formats.isEmpty() ? ReportWriter.DEFAULT : ReportWriter.parse(formats);
        } catch (ConfigurationException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (activityDays < 1 || activityDays > 30)
            throw new ParameterException(spec.commandLine(), "--activity-days: expected a whole number of days from 1 to 30, found " + activityDays);
        Set<String> subs = new LinkedHashSet<>(subscriptions);
        Path snapshot = snapshots.isEmpty() ? null : snapshots.get(0);
        LiveOptions live = snapshot == null ? azure.resolve(properties.liveOrDefaults()) : null;
        checkUsage();
        ScanRequest request = new ScanRequest(snapshot, live, subs, rules, exceptions, asOf != null ? asOf : Instant.now(), out,
                chosen, failOn, failOnIncomplete, baseline, includePassed, quiet,
                new ScanRequest.Activity(activityDays, !noActivity, listedIps), notifyRequest(), snapshots);
        if (resumeWithin != null)
            return report(scans.resumeOrScan(request, Duration.ofHours(resumeWithin), asOf != null, out != null), quiet);
        return report(scans.scan(request), quiet);
    }

    /** How a scan ended, on the console; the exit code. */
    private static int report(ScanService.Outcome outcome, boolean quiet) {
        // a notification that did not go through is a warning, with --quiet too; the exit code stays the scan's
        if (outcome.notification() != null && !outcome.notification().delivered())
            System.err.println("kvaudit: warning: notification " + outcome.notification().describe() + " (the exit code is the scan's)");
        if (outcome.exitCode() == io.kvaudit.gate.Gate.STOPPED) {
            System.err.println("kvaudit: " + Secrets.mask(outcome.error()));
            return outcome.exitCode();
        }
        if (outcome.error() != null) {
            System.err.println("kvaudit: error: " + Secrets.mask(outcome.error()));
            if (outcome.failure() != null) Secrets.printStackTrace(outcome.failure(), System.err);
            return outcome.exitCode();
        }
        var run = outcome.run();
        ScanRequest request = run.request();
        if (!quiet) {
            String label = request.snapshotLabel();
            ConsoleSummary.print(System.out, run.runId(), run.tenant().source() + (label != null ? " " + label : ""),
                    run.tenant().tenantId(), request.asOf().toString(), run.coverage(), run.activity(), run.tallies(), run.verdict(),
                    request.failOn().label(), run.outputs());
            if (run.resumed())
                System.out.printf("  resumed   %d vaults from the run's checkpoints, %d read now%n", run.vaultsFromCheckpoints(), run.vaultsRead());
            if (outcome.notification() != null && outcome.notification().delivered())
                System.out.printf("  notified  %s%n", outcome.notification().describe());
        }
        // printed even with --quiet: the one line a pipeline log must keep to anchor the evidence (docs/reports.md)
        System.out.println(Manifest.anchorLine(run.manifestSha256(), run.manifest()));
        return outcome.exitCode();
    }

    /** Where the summary goes: --notify-webhook, else kvaudit.notify.webhook; null when neither is set. */
    private ScanRequest.Notify notifyRequest() {
        KvauditProperties.Notify configured = properties.notifyOrDefaults();
        boolean onCommandLine = notifyWebhook != null && !notifyWebhook.isBlank();
        String url = onCommandLine ? notifyWebhook : configured.webhook();
        if (url == null || url.isBlank()) return null;
        WebhookUrl webhook = WebhookUrl.parse(onCommandLine ? "--notify-webhook" : "kvaudit.notify.webhook", url);
        return new ScanRequest.Notify(webhook, configured.attemptsOrDefault(), Duration.ofSeconds(configured.timeoutSecondsOrDefault()));
    }
}
