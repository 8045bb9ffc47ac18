package io.kvaudit;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.Secrets;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;

import java.util.Collection;
import java.util.Map;

/**
 * Why the Spring context could not start, in one line: a bad --db-url, a database from a newer kvaudit, a setting that
 * does not bind ({@code KVAUDIT_THREADS=abc}). Spring's own report is a page with a stack trace; a script's log needs
 * the key, the value and where it came from.
 */
final class StartFailure {

    private StartFailure() {}

    /** The reason, one line, with any database password masked ({@link Secrets}): drivers and pools quote URLs. */
    static String describe(Throwable e) {
        return Secrets.mask(reason(e));
    }

    private static String reason(Throwable e) {
        ConfigurationException config = ConfigurationException.findIn(e);
        if (config != null) return oneLine(config.getMessage());
        BindException bind = find(e, BindException.class);
        if (bind != null) {
            ConfigurationProperty p = bind.getProperty();
            String name = p != null ? p.getName().toString() : bind.getName().toString();
            String value = p != null ? " \"" + p.getValue() + "\"" + (p.getOrigin() != null ? " (" + p.getOrigin() + ")" : "") : "";
            return oneLine(name + ":" + value + ": expected " + expected(bind.getTarget().getType().resolve(Object.class)));
        }
        // the driver's own words ("Connection to db:5432 refused. Check that...", "password authentication failed for
        // user ..."), not its socket's ("Connection refused") nor the pool's or Flyway's wrapping
        java.sql.SQLException sql = deepest(e, java.sql.SQLException.class);
        String inUse = h2InUse(e);
        if (inUse != null) return oneLine(inUse);
        if (sql != null && sql.getMessage() != null) return oneLine("run-history database: " + sql.getMessage());
        return oneLine(root(e).getMessage());
    }

    /** H2's ErrorCode.DATABASE_ALREADY_OPEN_1: another process has the file open (H2 lets one process at a time). */
    static final int H2_DATABASE_ALREADY_OPEN = 90020;

    /**
     * An H2 file another process has open: a second scan (or any command) while a scan runs. H2's own words ("Database
     * may be already in use ... use the server mode") point at a mode kvaudit does not use; this says what to do.
     */
    private static String h2InUse(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.sql.SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN
                    && sql.getClass().getName().startsWith("org.h2.")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"").matcher(String.valueOf(sql.getMessage()));
                String file = m.find() ? m.group(1) + " " : "";
                return "the run-history database " + file + "is in use by another kvaudit process; give each concurrent scan "
                        + "its own --db-url or use a shared PostgreSQL (docs/configuration.md)";
            }
        }
        return null;
    }

    private static <T extends Throwable> T deepest(Throwable e, Class<T> type) {
        T found = null;
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) if (type.isInstance(c)) found = type.cast(c);
        return found;
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "a whole number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (Collection.class.isAssignableFrom(type)) return "a list";
        if (Map.class.isAssignableFrom(type)) return "a mapping";
        return "a value of type " + type.getSimpleName();
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) if (type.isInstance(c)) return type.cast(c);
        return null;
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    /** Spring's and drivers' messages can span lines (a YAML error quotes the line and a caret). */
    static String oneLine(String message) {
        return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
