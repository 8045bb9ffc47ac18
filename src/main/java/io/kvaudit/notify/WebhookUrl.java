package io.kvaudit.notify;

import io.kvaudit.config.ConfigurationException;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A webhook URL ({@code --notify-webhook}, {@code kvaudit.notify.webhook}): https, or http to a loopback address
 * only (a local relay, the tests). Incoming-webhook URLs carry their key in the path (Slack, Teams connectors) or the
 * query string ({@code sig=} of Teams workflows and Power Automate), so kvaudit never shows either: wherever the URL
 * is named (messages, the run's record, errors) it is {@link #redacted()}, scheme, host and port only.
 */
public final class WebhookUrl {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final URI uri;

    private WebhookUrl(URI uri) { this.uri = uri; }

    /** The URL, or a configuration error (exit 2) that names only what is safe to show. */
    public static WebhookUrl parse(String what, String text) {
        String problem = problem(text);
        if (problem != null) throw new ConfigurationException(what + ": " + problem);
        return new WebhookUrl(URI.create(text.strip()));
    }

    /**
     * Null when the text is an acceptable webhook URL (or blank: not set), else what is wrong, without the URL's path
     * or query.
     */
    public static String problem(String text) {
        if (text == null || text.isBlank()) return null;
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return "not a URL (expected https://host/...)";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http")))
            return "expected an https:// URL with a host";
        if (uri.getRawUserInfo() != null)
            return "a user name or password in the URL is not sent by kvaudit; use the webhook's own URL (" + redacted(uri) + ")";
        if (scheme.equals("http") && !loopback(uri.getHost()))
            return "expected https:// (http:// is accepted for a loopback address only, such as 127.0.0.1), found " + redacted(uri);
        return null;
    }

    public URI uri() { return uri; }

    /** Scheme, host and port: what kvaudit shows of the URL. */
    public String redacted() { return redacted(uri); }

    /** The text with this URL, its path and its query replaced by the redacted form, for error messages from the HTTP stack. */
    public String scrub(String message) {
        if (message == null) return null;
        String out = message.replace(uri.toString(), redacted());
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) out = out.replace(uri.getRawQuery(), "…");
        if (uri.getRawPath() != null && uri.getRawPath().length() > 1) out = out.replace(uri.getRawPath(), "/…");
        return out;
    }

    @Override
    public String toString() { return redacted(); }

    private static String redacted(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }

    /** localhost, 127.0.0.0/8 or ::1, by the literal: no name is looked up. */
    private static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) return true;
        if (!IPV4.matcher(h).matches() && !h.contains(":")) return false;
        try {
            return InetAddress.getByName(h).isLoopbackAddress();   // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
