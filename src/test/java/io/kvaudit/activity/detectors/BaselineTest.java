package io.kvaudit.activity.detectors;

import io.kvaudit.activity.DetectorParams;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.LogCoverage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BaselineTest {

    static final ActivityWindow WINDOW = ActivityWindow.of(Instant.parse("2026-11-20T06:00:00Z"), 1);

    static LogCoverage from(String instant) {
        return new LogCoverage("v", List.of(), Instant.parse(instant), WINDOW.asOf(), 1, null, null, null, null);
    }

    @Test
    void aBaselineDayCountsWhenTheLogsReachItsStartWithinTheStagesHourOfSlack() {
        // given logs from 00:30 of the day bucket starting 2026-11-11T06:00 (mid-day) and from 06:40 of the next
        // when / then: the partial day is left out, the day whose first 40 minutes are missing is in
        assertThat(Baseline.of(from("2026-11-12T00:30:00Z"), WINDOW).days()).hasSize(7)
                .startsWith(Instant.parse("2026-11-12T06:00:00Z")).endsWith(Instant.parse("2026-11-18T06:00:00Z"));
        assertThat(Baseline.of(from("2026-11-12T06:40:00Z"), WINDOW).days()).hasSize(7);
        assertThat(Baseline.of(from("2026-11-12T07:10:00Z"), WINDOW).days()).hasSize(6);
    }

    @Test
    void logsJustLongEnoughForTheStageHoldTheMinimumBaseline() {
        // given a 1-day window and minBaselineDays 7: the stage needs 8 days of logs, less its hour of slack
        // when / then: logs from 59 minutes past the 7th baseline day's start give 7 days, from 61 minutes 6
        assertThat(Baseline.of(from("2026-11-12T06:59:00Z"), WINDOW).days()).hasSize(7);
        assertThat(Baseline.of(from("2026-11-12T07:01:00Z"), WINDOW).days()).hasSize(6);
    }

    @Test
    void logsReachingBeforeTheBaselineCoverAllItsDaysAndNoLogsNone() {
        assertThat(Baseline.of(from("2026-08-01T00:00:00Z"), WINDOW).days()).hasSize(30).first()
                .isEqualTo(WINDOW.baselineStart());
        assertThat(Baseline.of(new LogCoverage("v", List.of(), null, null, 0, null, null, null, null), WINDOW).days()).isEmpty();
    }

    @Test
    void theHistoryNeededIsTheWindowPlusTheMinimumBaseline() {
        assertThat(Baseline.historyDays(new DetectorParams("d", Map.of("minBaselineDays", 7L)), ActivityWindow.of(WINDOW.asOf(), 3)))
                .isEqualTo(10.0);
    }

    @Test
    void aMinimumBaselineTheBaselineCannotHoldIsAConfigurationError() {
        assertThatThrownBy(() -> Baseline.historyDays(new DetectorParams("d", Map.of("minBaselineDays", 31L)), WINDOW))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("expected 1..30").hasMessageContaining("found 31");
        assertThatThrownBy(() -> Baseline.historyDays(new DetectorParams("d", Map.of("minBaselineDays", 0L)), WINDOW))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void detectionDaysRunFromTheWindowsStart() {
        ActivityWindow w = ActivityWindow.of(WINDOW.asOf(), 3);
        assertThat(Baseline.detectionDay(Instant.parse("2026-11-17T06:00:00Z"), w)).isZero();
        assertThat(Baseline.detectionDay(Instant.parse("2026-11-18T05:00:00Z"), w)).isZero();
        assertThat(Baseline.detectionDay(Instant.parse("2026-11-19T06:00:00Z"), w)).isEqualTo(2);
        assertThat(Baseline.detectionDayStart(1, w)).isEqualTo(Instant.parse("2026-11-18T06:00:00Z"));
    }
}
