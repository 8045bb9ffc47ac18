package io.kvaudit.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.cli.Cli;
import io.kvaudit.cli.TempDirs;
import io.kvaudit.cli.TinyTenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values as long as Azure allows them are stored whole and read back whole: a vault with 50 tags of 256 characters
 * (Azure's limits) once made the run history cut the tags' JSON at 4,000 characters and fail parsing it back.
 */
class LongAzureValuesTest {

    Path tmp;

    @AfterEach
    void cleanUp() { TempDirs.delete(tmp); }

    @Test
    void aVaultWithAzuresLargestTagsIsStoredReportedAndReRenderedWhole() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-long-values");
        Path snap = TinyTenant.write(tmp.resolve("snap"));
        String tags = IntStream.range(0, 50).mapToObj(i -> "\"tag-" + i + "\":\"" + (char) ('a' + i % 26) + "v".repeat(254) + i % 10 + "\"")
                .collect(Collectors.joining(","));
        String longAccess = "Enabled" + "x".repeat(300); // not an Azure value, but text a store must not choke on
        String vault = TinyTenant.vault("kv-tagged", true).replaceFirst("\\{\"id\"", "{\"tags\":{" + tags + "},\"id\"")
                .replace("\"publicNetworkAccess\":\"Disabled\"", "\"publicNetworkAccess\":\"" + longAccess + "\"");
        TinyTenant.put(snap, "subscriptions/" + TinyTenant.SUB + "/vaults.json", "{\"value\":[" + vault + "]}");
        String db = "jdbc:h2:file:" + tmp.resolve("db/kvaudit");

        Cli.Run scan = Cli.run("scan", "--snapshot", snap.toString(), "--out", tmp.resolve("out").toString(),
                "--as-of", "2026-11-20T06:00:00Z", "--db-url", db);

        assertThat(scan.exit()).as(scan.toString()).isIn(0, 3);
        String html = Files.readString(tmp.resolve("out/report.html"));
        assertThat(html).contains("tag-49=x" + "v".repeat(254) + "9").contains(longAccess);
        assertThat(Files.size(tmp.resolve("out/report.pdf"))).isPositive();
        assertThat(tmp.resolve("out/manifest.json")).exists();
        String runId = new ObjectMapper().readTree(tmp.resolve("out/results.json").toFile()).path("run").path("id").asText();
        Cli.Run again = Cli.run("report", "--run", runId, "--out", tmp.resolve("again").toString(), "--db-url", db);
        assertThat(again.exit()).as(again.toString()).isEqualTo(0);
        assertThat(Files.readString(tmp.resolve("again/report.html"))).contains("tag-49=x" + "v".repeat(254) + "9");
        assertThat(Cli.run("history", "--db-url", db).out()).contains("COMPLETED");
    }
}
