package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.LogCoverage;
import io.kvaudit.model.LogFact;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A vault whose diagnostic settings send AuditEvent to a workspace (or, where they were not collected, that logged
 * before) but that logged nothing in the last {@code gapDays} before --as-of, while other vaults' events kept
 * arriving: its logging broke, or it is idle. Every audit row counts as an arrival, platform callers and Event Grid
 * notifications included. The gap is the trailing one: a vault silent for a week last month and logging again is not
 * a finding.
 */
public final class AuditLogGap implements Detector {

    @Override
    public String id() { return "activity-audit-log-gap"; }

    @Override
    public double historyDays(DetectorParams params, ActivityWindow window) { return params.integer("gapDays"); }

    /** The vault this detector is about is exactly the one with no event, which has no coverage of its own. */
    @Override
    public boolean judgesSilence() { return true; }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        long gapDays = params.integer("gapDays");
        LogCoverage c = vault.coverage();
        // settings that send AuditEvent nowhere are the rules' (vault-audit-logging-disabled); settings not collected
        // leave the vault's own past events as the proof that it sends them
        boolean collected = vault.inventory().diagnosticSettings().isPresent();
        if (collected && c.workspaces().isEmpty()) return;
        Instant asOf = context.window().asOf(), since = asOf.minus(Duration.ofDays(gapDays));
        if (c.lastEvent() != null && !c.lastEvent().isBefore(since)) return;
        int arriving = 0, sameWorkspace = 0;
        Instant latest = null;
        for (VaultActivity other : context.allVaults()) {
            Instant last = other.coverage().lastEvent();
            if (other == vault || last == null || last.isBefore(since)) continue;
            arriving++;
            if (other.coverage().workspaces().stream().anyMatch(c.workspaces()::contains)) sameWorkspace++;
            if (latest == null || last.isAfter(latest)) latest = last;
        }
        if (arriving == 0) return;
        List<LogFact> last = new ArrayList<>(vault.facts());
        last.sort(Comparator.comparing(LogFact::lastSeen).reversed());
        Evidence e = Evidence.of(context.window(), since, asOf)
                .put("lastEvent", c.lastEvent() == null ? "none in the logs since " + context.window().earliest() : c.lastEvent().toString())
                .put("gapDays", gapDays)
                .put("otherVaultsArriving", arriving).put("sameWorkspaceVaultsArriving", sameWorkspace)
                .put("latestOtherEvent", latest.toString());
        if (c.lastEvent() != null) e.put("daysSilent", Math.round(Duration.between(c.lastEvent(), asOf).toMinutes() / 144.0) / 10.0);
        if (!collected) e.put("diagnosticSettings", vault.inventory().diagnosticSettings().reason());
        String sends = collected ? "sends AuditEvent to " + String.join(", ", c.workspaces().stream()
                .map(w -> w.substring(w.lastIndexOf('/') + 1)).toList())
                : "sent AuditEvent before (" + vault.inventory().diagnosticSettings().reason() + ")";
        out.add(new Finding(vault.id(), "vault", null, null, vault.vault().name() + " " + sends
                + " but logged " + (c.lastEvent() == null ? "no event at all (since " + context.window().earliest() + ")"
                : "no event since " + c.lastEvent()) + ", more than " + gapDays + " days before --as-of, while "
                + arriving + (arriving == 1 ? " other vault's" : " other vaults'") + " events kept arriving (latest " + latest + ")"
                + (sameWorkspace == 0 ? "" : ", " + sameWorkspace + " of them in the same workspace"),
                e.examples(last.subList(0, Math.min(Evidence.EXAMPLES, last.size()))).vault(vault, context.sources()).map()));
    }
}
