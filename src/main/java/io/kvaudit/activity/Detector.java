package io.kvaudit.activity;

import io.kvaudit.model.ActivityWindow;

import java.util.List;

/**
 * The logic of one activity detector: a pure function of one vault's facts, inventory and grants (and, for the few
 * that compare vaults, the whole run's). Thresholds come from its detector.yaml through {@link DetectorParams}; the
 * stage checks the coverage the detector declares before calling it, so a detector never judges a vault whose logs
 * are too short.
 */
public interface Detector {

    /** The detector's id, as in rules/activity/&lt;id&gt;/detector.yaml. */
    String id();

    /** Days of log history before --as-of this detector needs for a vault. */
    default double historyDays(DetectorParams params, ActivityWindow window) { return window.detectionDays(); }

    void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out);
}
