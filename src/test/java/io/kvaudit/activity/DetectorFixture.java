package io.kvaudit.activity;

import io.kvaudit.config.YamlNode;
import io.kvaudit.rules.RuleFixture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A detector fixture ({@code rules/activity/<id>/fixtures/*.yaml}, docs/activity.md "Writing a detector"): a small
 * snapshot (inventory files, as in rule fixtures), the events its logs hold, the clock, param overrides, listed IPs,
 * and the expected results. Events are written as Log Analytics responses by {@link FixtureLogs}, once per table shape.
 */
public record DetectorFixture(Path file, String description, Instant asOf, int activityDays, Map<String, Object> params,
                              List<String> listedIps, List<Expectation> expect, Map<String, Object> snapshot,
                              List<EventLine> events) {

    /** An expected result: the end of its resource id, optionally its principal (object id, UPN or app id). */
    public record Expectation(String resource, String principal, String status, String message, Map<String, Object> evidence) {}

    /** One events line as written: vault by name, caller's claims, object as "secrets/name", {@code auth} the logged AddressAuthorizationType. */
    public record EventLine(Instant at, String vault, String operation, String oid, String upn, String appId, String ip,
                            String object, int status, String tls, String auth, int repeat, Duration every) {}

    static final Set<String> KEYS = Set.of("description", "asOf", "activityDays", "params", "listedIps", "expect", "snapshot", "events");
    static final Set<String> EVENT_KEYS = Set.of("at", "vault", "operation", "oid", "upn", "appId", "ip", "object", "status", "tls",
            "auth", "repeat", "every");

    @SuppressWarnings("unchecked")
    public static DetectorFixture read(Path file) throws IOException {
        YamlNode root = YamlNode.parse(Files.readString(file), file.toString()).requireMapping("a detector fixture");
        root.allowOnly(KEYS);
        List<Expectation> expect = new ArrayList<>();
        for (YamlNode x : root.get("expect").elements()) {
            x.allowOnly(Set.of("resource", "principal", "status", "message", "evidence"));
            Object ev = x.get("evidence").toValue();
            expect.add(new Expectation(x.get("resource").requiredText(), x.get("principal").text(), x.get("status").requiredText(),
                    x.get("message").text(), ev == null ? Map.of() : (Map<String, Object>) ev));
        }
        List<EventLine> events = new ArrayList<>();
        for (YamlNode e : root.get("events").elements()) {
            e.requireMapping("an event line");
            e.allowOnly(EVENT_KEYS);
            String status = e.get("status").text(), repeat = e.get("repeat").text(), every = e.get("every").text();
            events.add(new EventLine(Instant.parse(e.get("at").requiredText()), e.get("vault").requiredText(),
                    e.get("operation").requiredText(), e.get("oid").text(), e.get("upn").text(), e.get("appId").text(),
                    e.get("ip").text() == null ? "10.0.0.4" : e.get("ip").text(), e.get("object").text(),
                    status == null ? 200 : Integer.parseInt(status), e.get("tls").text() == null ? "TLS1_2" : e.get("tls").text(),
                    e.get("auth").text(), repeat == null ? 1 : Integer.parseInt(repeat), every == null ? Duration.ofMinutes(1) : Duration.parse(every)));
        }
        String asOf = root.get("asOf").text(), days = root.get("activityDays").text();
        Object params = root.get("params").toValue();
        Object snapshot = root.get("snapshot").requireMapping("snapshot (file paths to bodies)").toValue();
        return new DetectorFixture(file, root.get("description").requiredText(),
                asOf == null ? RuleFixture.DEFAULT_AS_OF : Instant.parse(asOf), days == null ? 1 : Integer.parseInt(days),
                params == null ? Map.of() : (Map<String, Object>) params, root.get("listedIps").stringList(), expect,
                (Map<String, Object>) snapshot, events);
    }

    /** The snapshot directory with the events written in the given shape. */
    public Path materialize(Path dir, FixtureLogs.Shape shape, Map<String, String[]> vaults) throws IOException {
        new RuleFixture(file, description, asOf, params, List.of(), snapshot).materialize(dir);
        List<FixtureLogs.EventSpec> specs = new ArrayList<>();
        for (EventLine e : events) {
            String[] v = vaults.get(e.vault().toLowerCase(Locale.ROOT));
            if (v == null) throw new IllegalArgumentException(file + ": event on vault " + e.vault() + ", which the snapshot does not list");
            specs.add(new FixtureLogs.EventSpec(e.at(), v[0], e.operation(), e.oid(), e.upn(), e.appId(), e.ip(), e.object(),
                    e.status(), e.tls(), e.auth(), e.repeat(), e.every(), v[1]));
        }
        if (!specs.isEmpty()) FixtureLogs.write(specs, shape, dir.resolve("logs/fixture.json"));
        return dir;
    }
}
