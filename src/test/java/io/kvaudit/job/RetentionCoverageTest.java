package io.kvaudit.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.cli.Cli;
import io.kvaudit.cli.TempDirs;
import io.kvaudit.source.azure.BigVaultTenant;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workspace's retention says how long logs are kept, not since when they arrive: the demo tenant with only its last
 * 20 days of logs (workspaces.json still says 120 and 90 days of retention) covers 20 days, so the 90-day detectors
 * report "not assessed" instead of judging 70 days that were never logged as silence.
 */
class RetentionCoverageTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant AS_OF = Instant.parse("2026-11-20T06:00:00Z");

    @Test
    void coverageStartsNoEarlierThanTheWorkspacesFirstEventWhateverItsRetention() throws IOException {
        Path tmp = Files.createTempDirectory("kvaudit-retention");
        try {
            Path tenant = BigVaultTenant.copy(Path.of("samples/contoso"), tmp.resolve("tenant"));
            Instant from = AS_OF.minusSeconds(20 * 86_400L);
            try (Stream<Path> files = Files.list(tenant.resolve("logs"))) {
                for (Path f : files.filter(f -> !f.getFileName().toString().equals("workspaces.json")).toList()) keepFrom(f, from);
            }
            Cli.Run run = Cli.run("scan", "--snapshot", tenant.toString(), "--as-of", AS_OF.toString(), "--out",
                    tmp.resolve("out").toString(), "--db-url", "jdbc:h2:mem:retention", "--format", "json", "--include-passed", "--quiet");
            assertThat(run.exit()).as(run.toString()).isEqualTo(3);
            JsonNode results = JSON.readTree(tmp.resolve("out/results.json").toFile());
            for (JsonNode v : results.path("coverage").path("activity").path("vaults")) {
                if (v.path("workspaces").isEmpty() || v.has("notAssessable")) continue;
                assertThat(Instant.parse(v.path("from").asText())).as(v.path("vaultId").asText()).isAfterOrEqualTo(from);
            }
            JsonNode dormant = null;
            for (JsonNode r : results.path("results"))
                if (r.path("ruleId").asText().equals("activity-dormant-object") && r.path("resourceId").asText().endsWith("/kv-contoso-prod-web"))
                    dormant = r;
            assertThat(dormant).isNotNull();
            assertThat(dormant.path("status").asText()).isEqualTo("ERROR");
            assertThat(dormant.path("message").asText()).startsWith("not assessed: 20").endsWith("of logs, needs 90");
        } finally {
            TempDirs.delete(tmp);
        }
    }

    /** The log file with only the rows from {@code from} on. */
    static void keepFrom(Path file, Instant from) throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(file.toFile());
        for (JsonNode table : body.path("tables")) {
            int at = 0;
            for (JsonNode c : table.path("columns")) { if (c.path("name").asText().equals("TimeGenerated")) break; at++; }
            ArrayNode kept = JSON.createArrayNode();
            for (JsonNode row : table.path("rows")) if (!Instant.parse(row.path(at).asText()).isBefore(from)) kept.add(row);
            ((ObjectNode) table).set("rows", kept);
        }
        JSON.writeValue(file.toFile(), body);
    }
}
