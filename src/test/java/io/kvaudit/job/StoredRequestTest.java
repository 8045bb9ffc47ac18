package io.kvaudit.job;

import io.kvaudit.cli.TempDirs;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.model.Severity;
import io.kvaudit.report.ReportFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options a run keeps for its restart: read back as given, never the webhook, and compared as --resume-within does. */
class StoredRequestTest {

    Path tmp;

    @AfterEach
    void cleanUp() { TempDirs.delete(tmp); }

    ScanRequest request(Path exceptions, Severity failOn, Instant asOf) {
        return new ScanRequest(Path.of("samples/contoso"), null, Set.of("b4168700-27b3-4009-8a1c-531ba4928b02"), null, exceptions,
                asOf, Path.of("out"), EnumSet.of(ReportFormat.JSON, ReportFormat.HTML), failOn, true, null, true, false,
                new ScanRequest.Activity(3, true, null), new ScanRequest.Notify(io.kvaudit.notify.WebhookUrl.parse("--notify-webhook",
                "https://hooks.example.com/services/T0/B0/SECRETKEY"), 3, java.time.Duration.ofSeconds(5)), null);
    }

    @Test
    void theOptionsComeBackAbsoluteAndWithoutTheWebhook() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-stored-request");
        Path exceptions = Files.writeString(tmp.resolve("exceptions.yaml"), "exceptions: []\n");
        Instant asOf = Instant.parse("2026-11-20T06:00:00Z");
        StoredRequest stored = StoredRequest.of(request(exceptions, Severity.HIGH, asOf), Path.of("out"));
        String json = stored.json();
        assertThat(json).doesNotContain("SECRETKEY").doesNotContain("hooks.example.com");
        ScanRequest back = StoredRequest.parse("r", json).toRequest("r", true, null);
        assertThat(back.snapshot()).isEqualTo(Path.of("samples/contoso").toAbsolutePath());
        assertThat(back.outDir()).isEqualTo(Path.of("out").toAbsolutePath());
        assertThat(back.exceptionsFile()).isEqualTo(exceptions.toAbsolutePath());
        assertThat(back.formats()).containsExactlyInAnyOrder(ReportFormat.JSON, ReportFormat.HTML);
        assertThat(back.failOn()).isEqualTo(Severity.HIGH);
        assertThat(back.asOf()).isEqualTo(asOf);
        assertThat(back.activity()).isEqualTo(new ScanRequest.Activity(3, true, null));
        assertThat(back.subscriptions()).containsExactly("b4168700-27b3-4009-8a1c-531ba4928b02");
        assertThat(back.failOnIncomplete()).isTrue();
        assertThat(back.includePassed()).isTrue();
        assertThat(back.quiet()).isTrue();
        assertThat(back.notification()).isNull();
    }

    @Test
    void theSameScanIsTheSameOptionsAndInputsTheClockOnlyWhenGiven() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-stored-request");
        Path exceptions = Files.writeString(tmp.resolve("exceptions.yaml"), "exceptions: []\n");
        StoredRequest had = StoredRequest.of(request(exceptions, Severity.HIGH, Instant.parse("2026-12-01T01:00:00Z")), Path.of("out"));
        StoredRequest later = StoredRequest.of(request(exceptions, Severity.HIGH, Instant.parse("2026-12-01T02:00:00Z")), Path.of("out"));
        assertThat(had.sameScanAs(later, false, true)).isTrue();
        assertThat(had.sameScanAs(later, true, true)).isFalse();
        assertThat(had.sameScanAs(StoredRequest.of(request(exceptions, Severity.CRITICAL, Instant.parse("2026-12-01T02:00:00Z")),
                Path.of("out")), false, true)).isFalse();
        Files.writeString(exceptions, "exceptions: [] # changed\n");
        assertThat(had.sameScanAs(StoredRequest.of(request(exceptions, Severity.HIGH, Instant.parse("2026-12-01T02:00:00Z")),
                Path.of("out")), false, true)).isFalse();
        assertThatThrownBy(() -> had.toRequest("20261201T010000Z-abcdef", false, null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(exceptions.toAbsolutePath() + ": changed since run 20261201T010000Z-abcdef started");
        Files.delete(exceptions);
        assertThatThrownBy(() -> had.toRequest("r", false, null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("it is gone");
    }

    @Test
    void optionsStoredByAnotherFormatAreNotGuessedAt() {
        assertThatThrownBy(() -> StoredRequest.parse("r", "{\"version\": 2}")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("format 2");
        assertThatThrownBy(() -> StoredRequest.parse("r", "{not json")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot be read");
    }
}
