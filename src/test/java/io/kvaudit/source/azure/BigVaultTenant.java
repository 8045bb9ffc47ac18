package io.kvaudit.source.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of a snapshot with one vault grown past a data-plane page: extra secrets and certificates (with policies). */
public final class BigVaultTenant {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BigVaultTenant() {}

    /** A plain copy of a snapshot directory, for a test to change. */
    public static Path copy(Path snapshot, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(snapshot)) {
            for (Path f : files.toList()) {
                Path t = target.resolve(snapshot.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t);
            }
        }
        return target;
    }

    public static Path copyWithManyObjects(Path snapshot, Path target, String vault, int secrets, int certificates) throws IOException {
        copy(snapshot, target);
        Path dir = target.resolve("vaults").resolve(vault);
        String uri = "https://" + vault + ".vault.azure.net/";
        ObjectNode secretsBody = (ObjectNode) JSON.readTree(dir.resolve("secrets.json").toFile());
        ArrayNode sv = (ArrayNode) secretsBody.get("value");
        for (int i = 0; i < secrets; i++) {
            ObjectNode s = sv.addObject();
            s.put("id", uri + "secrets/bulk-secret-" + i);
            s.put("contentType", "text/plain");
            ObjectNode a = s.putObject("attributes");
            a.put("enabled", true);
            a.put("created", 1790000000L + i * 3600L);
            a.put("updated", 1790000000L + i * 3600L);
            if (i % 2 == 0) a.put("exp", 1800000000L);
            a.put("recoveryLevel", "Recoverable+Purgeable");
        }
        JSON.writeValue(dir.resolve("secrets.json").toFile(), secretsBody);
        ObjectNode certsBody = (ObjectNode) JSON.readTree(dir.resolve("certificates.json").toFile());
        ArrayNode cv = (ArrayNode) certsBody.get("value");
        JsonNode policy = JSON.readTree(dir.resolve("certificates").toFile().listFiles()[0].toPath().resolve("policy.json").toFile());
        for (int i = 0; i < certificates; i++) {
            ObjectNode c = cv.addObject();
            c.put("id", uri + "certificates/bulk-cert-" + i);
            c.put("x5t", "fLi3U52HunIVNXubkEnf8tP6Wbo");
            ObjectNode a = c.putObject("attributes");
            a.put("enabled", true);
            a.put("nbf", 1780000000L);
            a.put("exp", 1810000000L + i * 86400L);
            a.put("created", 1780000000L);
            a.put("updated", 1780000000L);
            Path p = dir.resolve("certificates/bulk-cert-" + i);
            Files.createDirectories(p);
            JSON.writeValue(p.resolve("policy.json").toFile(), policy);
        }
        JSON.writeValue(dir.resolve("certificates.json").toFile(), certsBody);
        return target;
    }
}
