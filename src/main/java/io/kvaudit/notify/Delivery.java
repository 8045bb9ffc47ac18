package io.kvaudit.notify;

/**
 * What became of one notification: delivered or not, after how many attempts, with the last answer (an HTTP status,
 * or the I/O error) and where it went, as {@link WebhookUrl#redacted()} names it. Safe to print and to store.
 */
public record Delivery(boolean delivered, int attempts, int maxAttempts, String detail, String target) {

    public String describe() {
        if (delivered) return "delivered to " + target + " (" + detail + ", attempt " + attempts + " of " + maxAttempts + ")";
        return "failed: " + target + ": " + detail + " after " + attempts + " attempt" + (attempts == 1 ? "" : "s");
    }
}
