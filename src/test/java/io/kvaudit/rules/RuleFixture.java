package io.kvaudit.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.config.YamlNode;
import io.kvaudit.model.Status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule fixture ({@code rules/<resource>/<id>/fixtures/*.yaml}): a whole snapshot in one YAML file (file paths to
 * bodies), the clock, optional param overrides and the expected results of the rule. It is materialized as a real
 * snapshot directory, so fixtures exercise the same reader and mapper as a scan. See docs/rule-authoring.md.
 */
public record RuleFixture(Path file, String description, Instant asOf, Map<String, Object> params, List<Expectation> expect,
                   Map<String, Object> snapshot) {

    public static final Instant DEFAULT_AS_OF = Instant.parse("2026-11-20T06:00:00Z");
    static final String DEFAULT_TENANT = "72f988bf-0000-4000-8000-00000000c0de";

    /** An expected result: a resource (the end of its id) and a status, or "NONE" for "the rule does not apply". */
    record Expectation(String resource, String status) {}

    @SuppressWarnings("unchecked")
    public static RuleFixture read(Path file) throws IOException {
        YamlNode root = YamlNode.parse(Files.readString(file), file.toString()).requireMapping("a rule fixture");
        root.allowOnly(Set.of("description", "asOf", "params", "expect", "snapshot"));
        List<Expectation> expect = new ArrayList<>();
        YamlNode e = root.get("expect");
        if (e.isSequence()) {
            for (YamlNode x : e.elements()) expect.add(new Expectation(x.get("resource").requiredText(), x.get("status").requiredText()));
        } else {
            expect.add(new Expectation(null, e.requiredText()));
        }
        String asOf = root.get("asOf").text();
        Object params = root.get("params").toValue();
        Object snapshot = root.get("snapshot").requireMapping("snapshot (file paths to bodies)").toValue();
        return new RuleFixture(file, root.get("description").requiredText(), asOf == null ? DEFAULT_AS_OF : Instant.parse(asOf),
                params == null ? Map.of() : (Map<String, Object>) params, expect, (Map<String, Object>) snapshot);
    }

    /** Writes the snapshot directory, adding snapshot.json and subscriptions.json when the fixture leaves them out. */
    public Path materialize(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> subscriptionIds = new LinkedHashSet<>();
        for (Map.Entry<String, Object> f : snapshot.entrySet()) {
            Path target = dir.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, json.writerWithDefaultPrettyPrinter().writeValueAsString(f.getValue()));
            String[] parts = f.getKey().split("/");
            if (parts.length >= 2 && parts[0].equals("subscriptions")) subscriptionIds.add(parts[1]);
        }
        if (!snapshot.containsKey("snapshot.json"))
            Files.writeString(dir.resolve("snapshot.json"), json.writeValueAsString(Map.of("formatVersion", 1,
                    "tenantId", DEFAULT_TENANT, "capturedAt", asOf.toString(), "cloud", "AzureCloud")));
        if (!snapshot.containsKey("subscriptions.json")) {
            List<Object> subs = new ArrayList<>();
            for (String id : subscriptionIds) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("id", "/subscriptions/" + id);
                s.put("subscriptionId", id);
                s.put("tenantId", DEFAULT_TENANT);
                s.put("displayName", "fixture-" + id.substring(0, 8));
                s.put("state", "Enabled");
                subs.add(s);
            }
            Files.writeString(dir.resolve("subscriptions.json"), json.writeValueAsString(Map.of("value", subs)));
        }
        return dir;
    }

    static Status status(String s) { return Status.valueOf(s); }
}
