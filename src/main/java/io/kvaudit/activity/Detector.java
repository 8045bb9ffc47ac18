package io.kvaudit.activity;

import io.kvaudit.model.ActivityWindow;

import java.util.List;
import java.util.Map;

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

    /**
     * True for a detector that judges a vault by the absence of its events (activity-audit-log-gap). The stage then
     * judges the vault whatever its coverage when it logged an event within the last {@link #historyDays} (its silence
     * is disproved), and holds a vault with no event of its own as covered as the run's logs are (it has no coverage of
     * its own exactly because it is silent), instead of reporting it not assessed.
     */
    default boolean judgesSilence() { return false; }

    /** What a PASS on a vault states besides itself (activity-listed-ip: which list it was judged against, or that none was given). */
    default Map<String, Object> passEvidence(ActivityContext context, DetectorParams params) { return Map.of(); }

    void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out);
}
