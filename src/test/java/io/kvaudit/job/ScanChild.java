package io.kvaudit.job;

import io.kvaudit.KvauditApplication;
import io.kvaudit.source.azure.FakeAzure;
import io.kvaudit.source.azure.FakeAzureAccess;
import io.kvaudit.store.RunStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A child JVM's main for the crash and restart tests: kvaudit's own entry point ({@link KvauditApplication#run}, with
 * its graceful-stop hook), in a process the test can kill. System properties set what the process meets:
 * <ul>
 *   <li>{@code child.fake=DIR}: live Azure is the fake Azure serving this snapshot;</li>
 *   <li>{@code child.holdBeyond=N}: that fake answers the first N vaults asked about and then stops answering;</li>
 *   <li>{@code child.hangResultWrites=true}: the first write of results to the database hangs after it is made;</li>
 *   <li>{@code child.marker=FILE}: created when the process is held (either way), so the test knows where it is.</li>
 * </ul>
 */
public final class ScanChild {

    private ScanChild() {}

    public static void main(String[] args) {
        Path marker = System.getProperty("child.marker") == null ? null : Path.of(System.getProperty("child.marker"));
        List<Class<?>> config = new ArrayList<>();
        String fake = System.getProperty("child.fake");
        if (fake != null) {
            FakeAzure azure = new FakeAzure(Path.of(fake));
            int holdBeyond = Integer.getInteger("child.holdBeyond", -1);
            if (holdBeyond >= 0) azure.holdVaultsBeyond(holdBeyond, () -> touch(marker));
            FakeAzureAccess.use(azure, Duration.ofHours(1));
            config.add(FakeAzureAccess.class);
        }
        if (Boolean.getBoolean("child.hangResultWrites")) {
            HangingResultWrites.marker = marker;
            config.add(HangingResultWrites.class);
        }
        System.exit(KvauditApplication.run(config, args));
    }

    /** kvaudit in a child JVM ({@link ScanChild}), its output to {@code log}. */
    public static Process start(List<String> properties, List<String> args, Path log) throws IOException {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
        c.addAll(properties);
        c.add(ScanChild.class.getName());
        c.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("KVAUDIT_DB_URL");
        return pb.start();
    }

    public static void awaitFile(Path file, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(file)) {
            org.assertj.core.api.Assertions.assertThat(p.isAlive()).as("the child ended before it was held (exit " + (p.isAlive() ? "-" : p.exitValue()) + ")").isTrue();
            org.assertj.core.api.Assertions.assertThat(System.nanoTime()).as("held within 2 minutes").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    static void touch(Path marker) {
        try {
            if (marker != null) Files.writeString(marker, "held\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The run store, whose first write of a results chunk is made and then never returns (not component-scanned). */
    public static class HangingResultWrites {
        static volatile Path marker;
        private static final AtomicBoolean HUNG = new AtomicBoolean();

        @Bean
        @Primary
        public RunStore hangingRunStore(JdbcTemplate jdbc) {
            return new RunStore(jdbc) {
                @Override
                public void insertPasses(String runId, String ruleId, int chunk, List<String> resourceIds) {
                    super.insertPasses(runId, ruleId, chunk, resourceIds);
                    hang();
                }

                @Override
                public void insertResults(String runId, String ruleId, int chunk, List<Row> rows) {
                    super.insertResults(runId, ruleId, chunk, rows);
                    hang();
                }
            };
        }

        private static void hang() {
            if (!HUNG.compareAndSet(false, true)) return;
            touch(marker);
            try {
                Thread.sleep(Duration.ofHours(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
