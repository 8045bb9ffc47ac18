package io.kvaudit.config;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the run-history database's password out of everything kvaudit prints or stores: start-up errors, internal
 * errors and their stack traces, the error a failed run records (and {@code kvaudit history} shows). A JDBC URL may
 * carry it ({@code ?user=kvaudit&password=...}, H2's {@code ;PASSWORD=...}, {@code //user:password@host}), and
 * drivers, pools and Flyway quote URLs in their messages; {@code KVAUDIT_DB_PASSWORD} or
 * {@code spring.datasource.password} may carry it too, and those values are masked wherever they appear.
 */
public final class Secrets {

    public static final String MASK = "******";

    /** {@code password=value} in a URL's query or H2's settings, up to the next separator. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)([^&;\\s'\")\\]]+)");
    /** {@code //user:password@host}. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)([^@/\\s]+)(@)");
    /**
     * Values masked wherever they appear. Shorter ones are not: masking every "ab" in a message would hide the message
     * and tell the password's length and letters; such a password is still masked where a URL carries it.
     */
    private static final int MIN_LITERAL = 4;
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private Secrets() {}

    /** A password kvaudit was given (environment, configuration): masked from now on wherever it appears. */
    public static void remember(String secret) {
        if (secret != null && secret.length() >= MIN_LITERAL) KNOWN.add(secret);
    }

    /** The passwords the environment can give before Spring starts: {@code KVAUDIT_DB_PASSWORD}, as a variable or a -D property. */
    public static void rememberFromEnvironment() {
        remember(System.getenv("KVAUDIT_DB_PASSWORD"));
        remember(System.getProperty("KVAUDIT_DB_PASSWORD"));
        remember(System.getProperty("spring.datasource.password"));
    }

    /** The text with every password it carries replaced by {@link #MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String secret : KNOWN) out = out.replace(secret, MASK);
        out = PASSWORD_PARAMETER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        out = USER_INFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(3)));
        return out;
    }

    /** A stack trace, masked like {@link #mask}: exception messages down the causes may quote a URL. */
    public static void printStackTrace(Throwable t, java.io.PrintStream out) {
        java.io.StringWriter trace = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(trace));
        out.print(mask(trace.toString()));
        out.flush();
    }
}
