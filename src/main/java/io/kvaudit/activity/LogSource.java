package io.kvaudit.activity;

import io.kvaudit.model.ActivityWindow;

/**
 * Where a run's audit logs come from: a snapshot's {@code logs/} or Log Analytics. Both yield the same facts
 * (docs/activity.md): the only difference between the paths is where the rows are folded.
 */
public interface LogSource {

    ActivityLog read(ActivityWindow window);
}
