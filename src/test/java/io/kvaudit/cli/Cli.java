package io.kvaudit.cli;

import io.kvaudit.KvauditApplication;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs kvaudit in-process, as the jar would, capturing its exit code, stdout and stderr. */
public final class Cli {

    public record Run(int exit, String out, String err) {
        @Override
        public String toString() { return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err; }
    }

    private Cli() {}

    public static Run run(String... args) {
        return runWith(java.util.List.of(), args);
    }

    /** Runs kvaudit with extra Spring configuration, e.g. {@code FakeAzureAccess} for a live scan of the fake Azure. */
    public static synchronized Run runWith(java.util.List<Class<?>> configuration, String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = KvauditApplication.run(configuration, args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
