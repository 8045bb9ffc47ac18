package io.kvaudit.gate;

import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonFiles;
import io.kvaudit.config.JsonPathNode;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** The fingerprints of an earlier results.json's FAIL and MUTED results: what was already known when it was taken. */
public record Baseline(Path file, Set<String> fingerprints) {

    public static Baseline read(Path file) {
        JsonPathNode root = JsonFiles.readIfPresent(file)
                .orElseThrow(() -> new ConfigurationException(file + ": baseline file not found"));
        root.requireObject();
        Integer version = root.integer("schemaVersion");
        if (version == null || version != 1)
            throw new ConfigurationException(file + ": at $.schemaVersion: expected 1 (a kvaudit results.json), found "
                    + (version == null ? "nothing" : version));
        Set<String> fps = new HashSet<>();
        for (JsonPathNode r : root.requiredArray("results")) {
            r.requireObject();
            String status = r.requiredText("status");
            if (status.equals("FAIL") || status.equals("MUTED")) fps.add(r.requiredText("fingerprint"));
        }
        return new Baseline(file, fps);
    }
}
