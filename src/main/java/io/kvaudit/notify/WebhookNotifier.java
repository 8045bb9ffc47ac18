package io.kvaudit.notify;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Posts a JSON notification to a webhook with the JDK's HTTP client, retrying what may pass on a second try: HTTP 429,
 * 5xx and I/O errors (refused connection, timeout), with exponential back-off (1 s, 2 s, 4 s...) or the wait the
 * server asks for in {@code Retry-After} (seconds or an HTTP date, up to {@link #MAX_RETRY_AFTER}; a longer one ends
 * the attempts). Other answers (3xx: redirects are not followed; 4xx) end them at once. Never throws: the outcome is a
 * {@link Delivery}, which names the webhook by its redacted form only; the response body is not read into it.
 */
public final class WebhookNotifier {

    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    /** How the notifier waits between attempts (tests record the waits instead). */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final int attempts;
    private final Duration timeout;
    private final Duration firstBackoff;
    private final Sleeper sleeper;
    private final Clock clock;
    private final String userAgent;
    private final HttpClient http;

    /**
     * @param attempts how many times to try, 1 or more
     * @param timeout  per attempt: connecting, and waiting for the answer
     */
    public WebhookNotifier(int attempts, Duration timeout, String toolVersion) {
        this(attempts, timeout, Duration.ofSeconds(1), d -> Thread.sleep(d.toMillis()), Clock.systemUTC(), toolVersion);
    }

    WebhookNotifier(int attempts, Duration timeout, Duration firstBackoff, Sleeper sleeper, Clock clock, String toolVersion) {
        if (attempts < 1) throw new IllegalArgumentException("attempts must be 1 or more");
        this.attempts = attempts;
        this.timeout = timeout;
        this.firstBackoff = firstBackoff;
        this.sleeper = sleeper;
        this.clock = clock;
        this.userAgent = "kvaudit/" + toolVersion;
        // the JVM's proxy settings (-Dhttps.proxyHost...) apply; loopback addresses never go through a proxy
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.getDefault() != null ? ProxySelector.getDefault() : HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public Delivery post(WebhookUrl url, String json) {
        HttpRequest request = HttpRequest.newBuilder(url.uri()).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8").header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        String detail = "not sent";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Duration wait;
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                detail = "HTTP " + status;
                if (status >= 200 && status < 300) return new Delivery(true, attempt, attempts, detail, url.redacted());
                if (status != 429 && status < 500)
                    return new Delivery(false, attempt, attempts, detail + " (not retried: only 429, 5xx and I/O errors are)", url.redacted());
                Optional<Duration> asked = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
                if (asked.isPresent() && asked.get().compareTo(MAX_RETRY_AFTER) > 0)
                    return new Delivery(false, attempt, attempts, detail + " asking to retry after " + asked.get().toSeconds()
                            + " s, longer than kvaudit waits (" + MAX_RETRY_AFTER.toSeconds() + " s)", url.redacted());
                wait = asked.orElse(backoff(attempt));
            } catch (IOException e) {
                detail = "I/O error: " + url.scrub(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Delivery(false, attempt, attempts, "interrupted", url.redacted());
            }
            if (attempt == attempts) return new Delivery(false, attempt, attempts, detail, url.redacted());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Delivery(false, attempt, attempts, detail + ", then interrupted", url.redacted());
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private Duration backoff(int attempt) {
        return firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 10));
    }

    /** Retry-After as delay-seconds or an HTTP date (RFC 9110 10.2.3); empty when absent or unreadable. */
    Optional<Duration> retryAfter(String value) {
        if (value == null || value.isBlank()) return Optional.empty();
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L)); // absurdly long: ends the attempts
            }
        }
        try {
            Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
