package io.kvaudit.source;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Log Analytics' {@code datetime} cells ("2026-11-19T06:12:03.4418211Z"): the common UTC form read without the
 * general parser (one per audit row, a million rows a run), anything else through {@link OffsetDateTime}.
 */
final class LogTimes {

    private LogTimes() {}

    /** The instant, or null when the text is not an RFC 3339 time. */
    static Instant parse(String t) {
        Instant fast = utc(t);
        if (fast != null) return fast;
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z, or null for any other form (left to the general parser). */
    static Instant utc(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':'
                || t.charAt(n - 1) != 'Z') return null;
        int year = digits(t, 0, 4), month = digits(t, 5, 7), day = digits(t, 8, 10);
        int hour = digits(t, 11, 13), minute = digits(t, 14, 16), second = digits(t, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) return null;
        long nanos = 0;
        if (n > 20) {
            if (t.charAt(19) != '.' || n - 21 < 1 || n - 21 > 9) return null;
            int f = digits(t, 20, n - 1);
            if (f < 0) return null;
            nanos = f;
            for (int i = n - 21; i < 9; i++) nanos *= 10;
        } else if (n != 20) return null;
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) return null;
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
