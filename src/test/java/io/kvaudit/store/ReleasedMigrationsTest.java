package io.kvaudit.store;

import io.kvaudit.cli.Cli;
import io.kvaudit.cli.TempDirs;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every H2 database an earlier kvaudit made (the default ~/.kvaudit/kvaudit among them) keeps opening: Flyway
 * validates each applied migration's version, description and checksum, so a released migration that changed would
 * stop kvaudit at start ("Migration checksum mismatch"). The H2 migrations must stay as released, wherever they live:
 * V2 to V4 moved from common/ to h2/ when PostgreSQL got its own copies (CLOB and BLOB are H2's, not PostgreSQL's).
 */
class ReleasedMigrationsTest {

    /**
     * Version, description and checksum of every migration released for H2, as an H2 database made by kvaudit 0.1.0
     * records them in its flyway_schema_history. A new migration is added here; a listed one never changes.
     */
    static final List<String> RELEASED = List.of(
            "1 spring batch -639457616",
            "2 kvaudit runs -873979551",
            "3 report data 1449352515",
            "4 collection stats 875830993",
            "5 unbounded azure text -1802859743",
            "6 manifest digest -666569713");

    Path tmp;

    @AfterEach
    void cleanUp() { TempDirs.delete(tmp); }

    @Test
    void theH2MigrationsAreTheReleasedOnes() {
        Flyway flyway = Flyway.configure().dataSource("jdbc:h2:mem:released-migrations", "sa", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2").load();
        List<String> resolved = new ArrayList<>();
        for (MigrationInfo m : flyway.info().all()) resolved.add(m.getVersion() + " " + m.getDescription() + " " + m.getChecksum());
        assertThat(resolved).startsWith(RELEASED.toArray(String[]::new));
    }

    /**
     * An H2 database migrated from the layout kvaudit 0.1.0 shipped (V2 to V6 in common/, V1 in h2/) opens with
     * today's layout, and a scan records a run in it. (Flyway records a script by its name, not its folder.)
     */
    @Test
    void aDatabaseMigratedFromTheReleasedLayoutOpensAndTakesNewRuns() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-released-migrations");
        Path common = tmp.resolve("released/common"), h2 = tmp.resolve("released/h2");
        Files.createDirectories(common);
        Files.createDirectories(h2);
        copy("h2/V1__spring_batch.sql", h2);
        for (String f : List.of("h2/V2__kvaudit_runs.sql", "h2/V3__report_data.sql", "h2/V4__collection_stats.sql",
                "common/V5__unbounded_azure_text.sql", "common/V6__manifest_digest.sql")) copy(f, common);
        String url = "jdbc:h2:file:" + tmp.resolve("db/kvaudit");
        Flyway.configure().dataSource(url, "sa", "").locations("filesystem:" + common, "filesystem:" + h2).load().migrate();

        Cli.Run history = Cli.run("history", "--db-url", url);
        assertThat(history.exit()).as(history.toString()).isEqualTo(0);
        Cli.Run scan = Cli.run("scan", "--snapshot", io.kvaudit.cli.TinyTenant.write(tmp.resolve("snap")).toString(),
                "--out", tmp.resolve("out").toString(), "--db-url", url, "--fail-on", "none", "--quiet");
        assertThat(scan.exit()).as(scan.toString()).isEqualTo(0);
        assertThat(Cli.run("history", "--db-url", url).out()).contains("COMPLETED");
    }

    private static void copy(String resource, Path dir) throws IOException {
        try (InputStream in = ReleasedMigrationsTest.class.getResourceAsStream("/db/migration/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, dir.resolve(Path.of(resource).getFileName()));
        }
    }
}
