package io.kvaudit;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The JIT's compile queues, read through the JVM's own diagnostic command ({@code jcmd <pid> Compiler.queue}).
 *
 * <p>Used when the launcher records its class-data-sharing archive ({@code -Dkvaudit.cds.record=true}): before the JVM
 * exits and writes the archive, kvaudit waits for the queues to empty. On JDK 17 a method that is queued for
 * compilation at that moment is archived with its "queued" flag still set, and every later run that maps the archive
 * runs it in the interpreter for good (JDK-8306460, fixed in JDK 21). Measured on the benchmark tenant: the SHA-256
 * compression function behind result fingerprints stayed interpreted, about a fifth of the evaluate step's samples.
 */
final class CompileQueue {

    static final String RECORDING_PROPERTY = "kvaudit.cds.record";

    private CompileQueue() {}

    /**
     * True when a {@code Compiler.queue} listing shows no method being compiled or waiting to be: every task line
     * names a method as {@code Class::method}, and the headings and "Empty" markers never do.
     */
    static boolean idle(String listing) {
        return !listing.contains("::");
    }

    /** The current listing of the compile queues. */
    static String listing() throws Exception {
        Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
                new Object[] {null}, new String[] {String[].class.getName()});
        return String.valueOf(text);
    }

    /**
     * Waits until the compile queues are empty, polling every 50 ms; true once they are, false when the timeout passed
     * first or the JVM does not offer the diagnostic command (then the archive is recorded all the same).
     */
    static boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if (idle(listing())) return true;
                if (System.nanoTime() > deadline) return false;
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    /** Before the JVM exits: when the launcher is recording the archive, lets the compilers finish first. */
    static void settleIfRecording() {
        if (Boolean.getBoolean(RECORDING_PROPERTY) && !awaitIdle(Duration.ofSeconds(30)))
            System.err.println("kvaudit: note: the JIT's compile queue did not empty; the start-up archive may leave"
                    + " some methods uncompiled on JDK 17");
    }
}
