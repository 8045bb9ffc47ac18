package io.kvaudit.cli;

import io.kvaudit.model.Severity;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Option value converters whose errors say what was expected. */
final class Converters {

    private Converters() {}

    /**
     * An RFC 3339 instant such as 2026-11-20T06:00:00Z, in the years 1970 to 9999: RFC 3339 years have four digits,
     * and Key Vault's times count from 1970 (Unix seconds), so an earlier clock is a typo.
     */
    static final class Rfc3339 implements ITypeConverter<Instant> {
        static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
        static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

        @Override
        public Instant convert(String value) {
            Instant t;
            try {
                t = OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("expected an RFC 3339 time such as 2026-11-20T06:00:00Z, found '" + value + "'");
            }
            if (t.isBefore(EARLIEST) || t.isAfter(LATEST))
                throw new TypeConversionException("expected a time in the years 1970 to 9999 (UTC), found '" + value + "'");
            return t;
        }
    }

    /** A SHA-256 digest: 64 hexadecimal digits, optionally prefixed "sha256:" (as rules digests are); lower-cased. */
    static final class Sha256 implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String hex = value.strip();
            if (hex.regionMatches(true, 0, "sha256:", 0, 7)) hex = hex.substring(7);
            if (!hex.matches("[0-9a-fA-F]{64}"))
                throw new TypeConversionException("expected a SHA-256 digest (64 hexadecimal digits, as in the 'manifest sha256:' "
                        + "line of kvaudit scan), found '" + value + "'");
            return hex.toLowerCase(Locale.ROOT);
        }
    }

    /** A gate threshold: critical, high, medium, low or none. */
    static final class Threshold implements ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            try {
                Severity s = Severity.parse(value);
                if (s == Severity.INFO) throw new IllegalArgumentException();
                return s;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected one of critical, high, medium, low, none, found '"
                        + value.toLowerCase(Locale.ROOT) + "'");
            }
        }
    }
}
