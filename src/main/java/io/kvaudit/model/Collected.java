package io.kvaudit.model;

import java.util.function.Function;

/**
 * What a collector got for one input: the value, nothing because it was not collected, Azure's error, or only part
 * of a list. Rules turn all but the first into ERROR ("not assessed") results, never into an empty list or a PASS.
 */
public sealed interface Collected<T> {

    record Present<T>(T value) implements Collected<T> {}

    /** The input was not collected (snapshot file absent, stage not run). */
    record NotCollected<T>(String what) implements Collected<T> {}

    /** Azure answered with an error body, e.g. Forbidden; code and message are Azure's own. */
    record Failed<T>(String what, String code, String message) implements Collected<T> {}

    /**
     * Only part of a list was read, e.g. a stored list whose nextLink points to pages nobody read. What was read is
     * not kept: judging part of a list as if it were the whole would pass what was never seen.
     */
    record Incomplete<T>(String what, String why) implements Collected<T> {}

    static <T> Collected<T> present(T value) { return new Present<>(value); }

    static <T> Collected<T> notCollected(String what) { return new NotCollected<>(what); }

    static <T> Collected<T> failed(String what, String code, String message) { return new Failed<>(what, code, message); }

    static <T> Collected<T> incomplete(String what, String why) { return new Incomplete<>(what, why); }

    default boolean isPresent() { return this instanceof Present; }

    /** The value, or null when it is missing; callers that need a reason use {@link #reason()}. */
    default T orNull() { return this instanceof Present<T> p ? p.value() : null; }

    /** Why the value is missing, in words a report can show; null when present. */
    default String reason() {
        if (this instanceof NotCollected<T> n) return n.what() + " not collected";
        if (this instanceof Incomplete<T> i) return i.what() + " not fully collected: " + i.why();
        if (this instanceof Failed<T> f) return f.what() + " could not be read: " + f.code()
                + (f.message() == null || f.message().isBlank() ? "" : " (" + firstLine(f.message()) + ")");
        return null;
    }

    /** Azure's error code, "NotCollected", "Incomplete", or null when present. */
    default String code() {
        if (this instanceof NotCollected) return "NotCollected";
        if (this instanceof Incomplete) return "Incomplete";
        if (this instanceof Failed<T> f) return f.code();
        return null;
    }

    default <R> Collected<R> map(Function<T, R> f) {
        if (this instanceof Present<T> p) return new Present<>(f.apply(p.value()));
        if (this instanceof NotCollected<T> n) return new NotCollected<>(n.what());
        if (this instanceof Incomplete<T> i) return new Incomplete<>(i.what(), i.why());
        Failed<T> fl = (Failed<T>) this;
        return new Failed<>(fl.what(), fl.code(), fl.message());
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        t = nl < 0 ? t : t.substring(0, nl).strip();
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }
}
