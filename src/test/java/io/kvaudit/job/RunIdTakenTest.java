package io.kvaudit.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.cli.Cli;
import io.kvaudit.cli.TempDirs;
import io.kvaudit.cli.TinyTenant;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two scans started in the same second into one shared database could draw the same run id (the second and 24
 * random bits): the one that finds its id taken by the other's run row takes another and runs; the other's row is
 * left as it is.
 */
class RunIdTakenTest {

    static volatile String taken;

    /** Not a @Configuration (component scanning would find it): handed to the context by Cli.runWith. */
    public static class TakenOnce {
        @Bean
        @Primary
        public RunStore takenOnceRunStore(JdbcTemplate jdbc) {
            return new RunStore(jdbc) {
                @Override
                public void start(RunRecord r, io.kvaudit.store.RunOwner owner, String requestJson) {
                    if (taken == null) {
                        taken = r.runId();
                        super.start(r, owner, requestJson); // another process's run, a moment earlier, with the same id
                    }
                    super.start(r, owner, requestJson);
                }
            };
        }
    }

    @Test
    void aScanWhoseRunIdIsTakenTakesAnotherAndRuns() throws Exception {
        Path tmp = Files.createTempDirectory("kvaudit-run-id-taken");
        try {
            Path snapshot = TinyTenant.write(tmp.resolve("snap"));
            String db = "jdbc:h2:file:" + tmp.resolve("db/kvaudit");
            taken = null;
            Cli.Run scan = Cli.runWith(List.of(TakenOnce.class), "scan", "--snapshot", snapshot.toString(), "--as-of",
                    "2026-11-20T06:00:00Z", "--out", tmp.resolve("out").toString(), "--db-url", db, "--fail-on", "none", "--quiet");
            assertThat(scan.exit()).as(scan.toString()).isEqualTo(0);
            String id = new ObjectMapper().readTree(tmp.resolve("out/results.json").toFile()).path("run").path("id").asText();
            assertThat(taken).isNotNull();
            assertThat(id).matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}").isNotEqualTo(taken).startsWith(taken.substring(0, 17));
            Cli.Run history = Cli.run("history", "--db-url", db);
            assertThat(history.out()).containsPattern(id + " +COMPLETED ").containsPattern(taken + " +RUNNING ");
        } finally {
            TempDirs.delete(tmp);
        }
    }
}
