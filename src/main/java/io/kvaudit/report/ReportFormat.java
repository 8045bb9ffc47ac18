package io.kvaudit.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The report formats kvaudit writes, by their {@code --format} name. */
public enum ReportFormat {
    HTML, PDF, JSON, SARIF, JUNIT, CSV;

    public String key() { return name().toLowerCase(Locale.ROOT); }

    public static Optional<ReportFormat> parse(String s) {
        return Arrays.stream(values()).filter(f -> f.key().equals(s.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String names() { return String.join(", ", Arrays.stream(values()).map(ReportFormat::key).toList()); }
}
