package io.kvaudit.notify;

import com.sun.net.httpserver.HttpServer;
import io.kvaudit.config.ConfigurationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The webhook client against a server on loopback (127.0.0.1, an ephemeral port): what it retries and how long it
 * waits (recorded, not slept), when it gives up, and that the webhook's key (its path and query) is never in what it
 * reports.
 */
class WebhookNotifierTest {

    static final String KEY = "s3cr3t-CANARY-key";

    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    /** The status of each call in turn; the last repeats. */
    volatile int[] statuses = {200};
    volatile String retryAfter;
    final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int n = calls.getAndIncrement();
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            int status = statuses[Math.min(n, statuses.length - 1)];
            if (retryAfter != null && status != 200) exchange.getResponseHeaders().add("Retry-After", retryAfter);
            byte[] body = (status == 200 ? "ok" : "no " + KEY).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() { server.stop(0); }

    WebhookUrl url() {
        return WebhookUrl.parse("test", "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + KEY + "?sig=" + KEY + "&v=1");
    }

    WebhookNotifier notifier(int attempts) {
        return new WebhookNotifier(attempts, Duration.ofSeconds(5), Duration.ofSeconds(1), waits::add,
                Clock.fixed(Instant.parse("2026-11-20T06:00:00Z"), ZoneOffset.UTC), "test");
    }

    @Test
    void aSuccessIsOneAttempt() {
        Delivery d = notifier(3).post(url(), "{\"text\":\"hello\"}");
        assertThat(d.delivered()).isTrue();
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(bodies).containsExactly("{\"text\":\"hello\"}");
        assertThat(contentTypes).containsExactly("application/json; charset=utf-8");
        assertThat(d.describe()).isEqualTo("delivered to " + url().redacted() + " (HTTP 200, attempt 1 of 3)");
    }

    @Test
    void a500IsRetriedAfterABackOffThenSucceeds() {
        statuses = new int[]{500, 200};
        Delivery d = notifier(3).post(url(), "{}");
        assertThat(d.delivered()).isTrue();
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(calls.get()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void repeatedFailureGivesUpAfterTheLastAttemptWithGrowingWaits() {
        statuses = new int[]{503};
        Delivery d = notifier(3).post(url(), "{}");
        assertThat(d.delivered()).isFalse();
        assertThat(calls.get()).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(d.describe()).isEqualTo("failed: " + url().redacted() + ": HTTP 503 after 3 attempts");
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDateIsHonoured() {
        statuses = new int[]{429, 200};
        retryAfter = "7";
        assertThat(notifier(3).post(url(), "{}").delivered()).isTrue();
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
        waits.clear();
        calls.set(0);
        retryAfter = "Fri, 20 Nov 2026 06:00:12 GMT";   // 12 s after the fixed clock
        statuses = new int[]{503, 200};
        assertThat(notifier(3).post(url(), "{}").delivered()).isTrue();
        assertThat(waits).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void aRetryAfterLongerThanAMinuteEndsTheAttempts() {
        statuses = new int[]{429};
        retryAfter = "3600";
        Delivery d = notifier(3).post(url(), "{}");
        assertThat(d.delivered()).isFalse();
        assertThat(calls.get()).isEqualTo(1);
        assertThat(waits).isEmpty();
        assertThat(d.detail()).contains("retry after 3600 s");
    }

    @Test
    void aClientErrorIsNotRetried() {
        statuses = new int[]{404};
        Delivery d = notifier(3).post(url(), "{}");
        assertThat(d.delivered()).isFalse();
        assertThat(calls.get()).isEqualTo(1);
        assertThat(d.detail()).startsWith("HTTP 404 (not retried");
    }

    @Test
    void aRefusedConnectionIsAnIoErrorRetriedThenGivenUp() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        WebhookUrl nowhere = WebhookUrl.parse("test", "http://127.0.0.1:" + closed + "/hooks/" + KEY + "?sig=" + KEY);
        Delivery d = notifier(2).post(nowhere, "{}");
        assertThat(d.delivered()).isFalse();
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        assertThat(d.detail()).startsWith("I/O error: ");
        assertThat(d.describe()).doesNotContain(KEY, "/hooks");
    }

    @Test
    void whatIsReportedNeverHoldsTheKeyOrTheResponseBody() {
        statuses = new int[]{500};
        Delivery d = notifier(2).post(url(), "{}");
        assertThat(d.describe() + d.detail() + d.target()).doesNotContain(KEY, "sig=", "/hooks");
        assertThat(url().toString()).isEqualTo("http://127.0.0.1:" + server.getAddress().getPort());
        assertThat(url().scrub("POST " + url().uri() + " failed")).doesNotContain(KEY).contains(url().redacted());
    }

    @Test
    void httpsIsRequiredExceptForLoopback() {
        assertThat(WebhookUrl.problem("https://hooks.slack.com/services/T0/B0/" + KEY)).isNull();
        assertThat(WebhookUrl.problem("http://127.0.0.1:8080/x")).isNull();
        assertThat(WebhookUrl.problem("http://localhost/x")).isNull();
        assertThat(WebhookUrl.problem("http://[::1]:9/x")).isNull();
        assertThat(WebhookUrl.problem("http://example.com/hook?sig=" + KEY)).startsWith("expected https://")
                .endsWith("found http://example.com").doesNotContain(KEY);
        assertThat(WebhookUrl.problem("http://127.0.0.1.example.com/x")).startsWith("expected https://");
        assertThat(WebhookUrl.problem("ftp://example.com/x")).isEqualTo("expected an https:// URL with a host");
        assertThat(WebhookUrl.problem("hooks.slack.com/x")).isEqualTo("expected an https:// URL with a host");
        assertThat(WebhookUrl.problem("https://user:" + KEY + "@example.com/x")).doesNotContain(KEY);
        assertThat(WebhookUrl.problem("https://exa mple.com/" + KEY)).doesNotContain(KEY);
        assertThatThrownBy(() -> WebhookUrl.parse("--notify-webhook", "http://example.com/" + KEY))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("--notify-webhook: expected https://")
                .hasMessageNotContaining(KEY);
    }
}
