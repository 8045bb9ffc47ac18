package io.kvaudit.source;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast path for Log Analytics times agrees with the general parser and refuses what it does not know. */
class LogTimesTest {

    @Test
    void theUtcFormsAgreeWithTheGeneralParser() {
        for (String t : new String[]{"2026-11-19T06:12:03.4418211Z", "2026-11-19T06:12:03Z", "2024-02-29T23:59:59.9Z",
                "1970-01-01T00:00:00.000000001Z", "2026-12-31T00:00:00.123Z"})
            assertThat(LogTimes.utc(t)).as(t).isEqualTo(OffsetDateTime.parse(t).toInstant());
    }

    @Test
    void otherFormsGoToTheGeneralParserAndNonsenseIsNull() {
        assertThat(LogTimes.utc("2026-11-19T06:12:03+01:00")).isNull();
        assertThat(LogTimes.parse("2026-11-19T06:12:03+01:00")).isEqualTo(OffsetDateTime.parse("2026-11-19T06:12:03+01:00").toInstant());
        for (String bad : new String[]{"yesterday", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-19T24:00:00Z",
                "2026-11-19T06:12:03.1234567890Z", "2026-1x-19T06:12:03Z"})
            assertThat(LogTimes.parse(bad)).as(bad).isNull();
    }
}
