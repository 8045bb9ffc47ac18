package io.kvaudit.gate;

import io.kvaudit.model.Coverage;
import io.kvaudit.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Exit codes from the gate: threshold, incompleteness, and which wins. */
class GateTest {

    static final Coverage COMPLETE = new Coverage(1, 1, 0, 2, 2, 0, 0, 0, 0, 0, null, List.of());
    static final Coverage PARTIAL = new Coverage(1, 1, 0, 2, 1, 1, 0, 0, 0, 0, null,
            List.of(new Coverage.NotAssessed("/v", "v", List.of("secrets could not be read: Forbidden"))));

    @Test
    void failsAtOrAboveTheThresholdOnly() {
        Map<Severity, Long> medium = Map.of(Severity.MEDIUM, 4L);
        assertThat(Gate.decide(Severity.HIGH, false, medium, 0, COMPLETE).exitCode()).isEqualTo(0);
        assertThat(Gate.decide(Severity.MEDIUM, false, medium, 0, COMPLETE).exitCode()).isEqualTo(3);
        assertThat(Gate.decide(Severity.LOW, false, medium, 0, COMPLETE).gatingFailures()).isEqualTo(4);
        assertThat(Gate.decide(Severity.NONE, false, Map.of(Severity.CRITICAL, 1L), 0, COMPLETE).exitCode()).isEqualTo(0);
    }

    @Test
    void incompleteFailsOnlyWhenAskedAndAfterTheThreshold() {
        assertThat(Gate.decide(Severity.HIGH, false, Map.of(), 0, PARTIAL).exitCode()).isEqualTo(0);
        assertThat(Gate.decide(Severity.HIGH, true, Map.of(), 0, PARTIAL).exitCode()).isEqualTo(4);
        assertThat(Gate.decide(Severity.HIGH, true, Map.of(), 3, COMPLETE).exitCode()).as("ERROR results").isEqualTo(4);
        assertThat(Gate.decide(Severity.HIGH, true, Map.of(Severity.HIGH, 1L), 0, PARTIAL).exitCode()).isEqualTo(3);
    }
}
