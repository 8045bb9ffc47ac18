package io.kvaudit.activity.detectors;

/** "1 call", "3 calls": counts in findings' messages. */
final class Plural {

    private Plural() {}

    static String of(long n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }
}
