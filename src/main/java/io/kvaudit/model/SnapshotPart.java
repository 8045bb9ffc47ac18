package io.kvaudit.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One part of a scan of several snapshot directories (results.json {@code coverage.parts}): the directory as given,
 * when it was captured, the subscriptions in scope that were read from it and how many vaults they hold.
 */
public record SnapshotPart(String snapshot, Instant capturedAt, List<String> subscriptions, int vaults) {

    /** The parts as the scan saw them: their subscriptions narrowed to those in scope, their vaults counted. */
    public static List<SnapshotPart> counted(List<SnapshotPart> parts, Inventory inventory) {
        Set<String> inScope = inventory.subscriptions().stream()
                .map(s -> s.subscription().subscriptionId().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<SnapshotPart> out = new ArrayList<>();
        for (SnapshotPart p : parts) {
            List<String> subs = p.subscriptions().stream().filter(inScope::contains).toList();
            int vaults = (int) inventory.vaults().stream()
                    .filter(v -> v.vault().subscriptionId() != null && subs.contains(v.vault().subscriptionId().toLowerCase(Locale.ROOT)))
                    .count();
            out.add(new SnapshotPart(p.snapshot(), p.capturedAt(), subs, vaults));
        }
        return List.copyOf(out);
    }
}
