package io.kvaudit.activity;

import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.Inventory;

/**
 * Where a run's audit logs come from: a snapshot's {@code logs/} or Log Analytics. Both yield the same facts
 * (docs/activity.md): the only difference between the paths is where the rows are folded. The inventory says where
 * each vault's audit logs go (its diagnostic settings), which a live source needs to know what to query.
 *
 * @throws LogsNotUsable when the logs exist but cannot serve this window (the stage is skipped with the reason)
 */
public interface LogSource {

    ActivityLog read(ActivityWindow window, Inventory inventory);
}
