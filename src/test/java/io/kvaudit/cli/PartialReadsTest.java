package io.kvaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read that only partly succeeded is never a complete one: a body carrying Azure's error beside a value, and a
 * stored list whose nextLink points to pages never read, make their rules ERROR and their vault not assessed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartialReadsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String GOOD = TinyTenant.RG.toLowerCase() + "kv-good";
    static final String BAD = TinyTenant.RG.toLowerCase() + "kv-bad";

    Path tmp;
    String db;

    @BeforeAll
    void setUp() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-partial");
        db = "jdbc:h2:file:" + tmp.resolve("db/kvaudit");
    }

    @AfterAll
    void cleanUp() {
        TempDirs.delete(tmp);
    }

    /** Both vaults with every input collected (and empty), then {@code change} applied. */
    JsonNode scan(String name, String... change) throws IOException {
        Path snap = TinyTenant.write(tmp.resolve(name));
        for (String vault : List.of("kv-good", "kv-bad"))
            for (String file : List.of("diagnosticSettings.json", "secrets.json", "keys.json", "certificates.json"))
                TinyTenant.put(snap, "vaults/" + vault + "/" + file, "{\"value\":[]}");
        for (int i = 0; i < change.length; i += 2) TinyTenant.put(snap, change[i], change[i + 1]);
        Cli.Run run = Cli.run("scan", "--snapshot", snap.toString(), "--out", tmp.resolve(name + "-out").toString(),
                "--as-of", "2026-11-20T06:00:00Z", "--db-url", db, "--format", "json", "--quiet");
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        return JSON.readTree(tmp.resolve(name + "-out/results.json").toFile());
    }

    static List<String> errorsOn(JsonNode results, String resourceId) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : results.path("results"))
            if (r.path("status").asText().equals("ERROR") && r.path("resourceId").asText().equals(resourceId))
                out.add(r.path("message").asText());
        return out;
    }

    static List<String> notAssessed(JsonNode results, String resourceId) {
        for (JsonNode n : results.path("coverage").path("notAssessed"))
            if (n.path("resourceId").asText().equals(resourceId)) return JSON.convertValue(n.path("reasons"), List.class);
        return List.of();
    }

    @Test
    void everyInputCollectedCountsBothVaultsAsAssessed() throws IOException {
        JsonNode results = scan("complete");
        assertThat(results.path("coverage").path("vaults").path("assessed").asInt()).isEqualTo(2);
    }

    @Test
    void aBodyWithAnErrorBesideItsValueIsAFailedRead() throws IOException {
        JsonNode results = scan("error-and-value", "vaults/kv-good/secrets.json",
                "{\"value\": [], \"error\": {\"code\": \"Forbidden\", \"message\": \"Caller is not authorized\"}}");
        assertThat(errorsOn(results, GOOD + "/secrets")).isNotEmpty()
                .allSatisfy(m -> assertThat(m).isEqualTo("Not assessed: secrets could not be read: Forbidden (Caller is not authorized)"));
        assertThat(notAssessed(results, GOOD)).containsExactly("secrets could not be read: Forbidden (Caller is not authorized)");
        assertThat(results.path("coverage").path("vaults").path("assessed").asInt()).isEqualTo(1);
    }

    @Test
    void aStoredListWithANextLinkIsNotFullyCollected() throws IOException {
        JsonNode results = scan("next-link", "vaults/kv-bad/keys.json", "{\"value\": [{\"id\": \"" + TinyTenant.RG + "kv-bad/keys/k1\","
                + "\"name\": \"k1\", \"properties\": {\"kty\": \"RSA\", \"keySize\": 2048, \"attributes\": {\"enabled\": true}}}],"
                + "\"nextLink\": \"https://management.azure.com" + TinyTenant.RG + "kv-bad/keys?api-version=2023-07-01&$skiptoken=x\"}");
        String reason = "keys not fully collected: the list has a nextLink, so its later pages were never read";
        assertThat(errorsOn(results, BAD + "/keys")).isNotEmpty().allSatisfy(m -> assertThat(m).isEqualTo("Not assessed: " + reason));
        assertThat(notAssessed(results, BAD)).containsExactly(reason);
        // the first page's key is not judged on its own as if the list were whole
        assertThat(results.path("results").findValuesAsText("resourceId")).noneMatch(id -> id.endsWith("/keys/k1"));
        assertThat(results.path("coverage").path("keys").asInt()).isZero();
    }
}
