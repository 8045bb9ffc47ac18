package io.kvaudit.store;

import io.kvaudit.KvauditApplication;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A child JVM's main for the concurrency tests: waits (up to two minutes) until the file named by the first argument
 * exists, then runs kvaudit's own main with the other arguments. The test starts every process, lets their JVMs load,
 * and then creates the file: the scans start within milliseconds of each other, not a JVM start-up apart.
 */
public final class StartTogether {

    private StartTogether() {}

    public static void main(String[] args) throws InterruptedException {
        Path go = Path.of(args[0]);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(go)) {
            if (System.nanoTime() > deadline) {
                System.err.println("StartTogether: " + go + " never appeared");
                System.exit(99);
            }
            Thread.sleep(5);
        }
        KvauditApplication.main(Arrays.copyOfRange(args, 1, args.length));
    }
}
