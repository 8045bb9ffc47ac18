package io.kvaudit.cli;

import io.kvaudit.collect.CollectionProgress;
import io.kvaudit.collect.InventoryCollector;
import io.kvaudit.config.KvauditProperties;
import io.kvaudit.config.OutputPath;
import io.kvaudit.activity.ActivityLog;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.Inventory;
import io.kvaudit.model.Subscription;
import io.kvaudit.model.SubscriptionInventory;
import io.kvaudit.model.VaultInventory;
import io.kvaudit.source.RestTenantSource;
import io.kvaudit.source.azure.ApiCallStats;
import io.kvaudit.source.azure.AzureAccess;
import io.kvaudit.source.azure.AzureSource;
import io.kvaudit.source.snapshot.SnapshotWriter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code kvaudit snapshot export}: reads a live tenant and writes it as a snapshot directory; {@code kvaudit snapshot
 * merge}: writes several parts of one tenant as one directory.
 */
@Component
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "Work with tenant snapshots.",
        subcommands = {SnapshotCommand.Export.class, SnapshotMergeCommand.class})
public class SnapshotCommand {

    @Component
    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Read a live tenant, as a scan would, and write it as a snapshot directory "
                    + "(docs/snapshot-format.md): every body as Azure gave it, pages merged, failed reads as Azure's error body.",
                    "Scanning the snapshot later gives the same results as scanning the tenant did."})
    static class Export implements Callable<Integer> {
        @Autowired KvauditProperties properties;
        @Autowired AzureAccess access;
        @Mixin GlobalOptions global;
        @Mixin AzureOptions azure;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new or empty directory for the snapshot.")
        Path out;

        @Option(names = "--subscription", paramLabel = "ID", description = "Limit the export to this subscription (repeatable).")
        List<String> subscriptions = new ArrayList<>();

        @Option(names = "--as-of", paramLabel = "INSTANT", converter = Converters.Rfc3339.class,
                description = "End of the access-log windows read into logs/ (default: now). Scan the export with the same --as-of.")
        Instant asOf;

        @Option(names = "--activity-days", paramLabel = "N", defaultValue = "1",
                description = "Detection window of the access logs read into logs/, in days (1-30, default 1), as kvaudit scan takes it.")
        int activityDays;

        @Option(names = "--no-activity", description = "Do not read the access logs (no logs/ in the export).")
        boolean noActivity;

        @Option(names = "--quiet", description = "Print nothing but errors.")
        boolean quiet;

        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            long t0 = System.nanoTime();
            if (activityDays < 1 || activityDays > 30)
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--activity-days: expected a whole number of days from 1 to 30, found " + activityDays);
            OutputPath.newOrEmptyDirectory("--out", out);     // before signing in, not after
            AzureSource live = AzureSource.connect(azure.resolve(properties.liveOrDefaults()), access);
            Instant capturedAt = Instant.now();
            SnapshotWriter writer = new SnapshotWriter(live.bodies(), out);
            ApiCallStats stats = live.stats();
            int vaults;
            List<Subscription> inScope;
            String logs = "";
            try (RestTenantSource exporting = new RestTenantSource(writer);
                 CollectionProgress progress = CollectionProgress.forConsole(quiet, stats::calls)) {
                InventoryCollector collector = new InventoryCollector(exporting, live.parallelism(4), progress);
                inScope = collector.subscriptionsInScope(new LinkedHashSet<>(subscriptions));
                List<SubscriptionInventory> discovered = collector.discover(inScope);
                List<VaultInventory> inventoried = collector.inventory(discovered);
                vaults = inventoried.size();
                progress.finish();
                if (!noActivity) {
                    Instant end = asOf != null ? asOf : capturedAt;
                    ActivityLog read = live.logSource(writer.logs(end, activityDays))
                            .read(ActivityWindow.of(end, activityDays), new Inventory(live.tenant(), discovered, inventoried));
                    logs = String.format(", audit logs of %d workspaces to %s (%d events)", read.workspaces().size(),
                            end, read.vaults().values().stream().mapToLong(ActivityLog.VaultEvents::events).sum());
                }
            }
            if (!subscriptions.isEmpty())
                writer.keepSubscriptions(inScope.stream().map(Subscription::subscriptionId).collect(Collectors.toSet()));
            writer.writeHeader(live.tenant(), capturedAt);
            if (!quiet)
                System.out.printf("kvaudit: exported tenant %s: %d subscriptions, %d vaults%s, %d files to %s in %.1f s "
                                + "(%d API calls, %d throttled, %d retried)%n", live.tenant().tenantId(), inScope.size(), vaults, logs,
                        writer.filesWritten(), out, (System.nanoTime() - t0) / 1e9, stats.calls(), stats.throttled(), stats.retries());
            return 0;
        }
    }
}
