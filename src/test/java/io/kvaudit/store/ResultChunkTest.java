package io.kvaudit.store;

import io.kvaudit.model.AppliedException;
import io.kvaudit.model.Result;
import io.kvaudit.model.Severity;
import io.kvaudit.model.Status;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ResultChunkTest {

    private static final List<String> CONTROLS = List.of("cis-azure-2.0:8.3");

    private static Result result(Status status, Map<String, Object> evidence, AppliedException exception) {
        return new Result("secret-expiry-missing", status, Severity.HIGH,
                "/subscriptions/s1/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv1/secrets/db-password",
                "secret", "s1", "kv1", "Secret db-password in vault kv1 has no expiration date \"quoted\" é",
                evidence, CONTROLS, "f".repeat(64), exception);
    }

    @Test
    void everyFieldAndEveryKindOfEvidenceValueComesBackAsStored() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("principal", "00000000-0000-0000-0000-000000000001");
        nested.put("count", 3L);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("created", "2025-01-01T00:00:00Z");
        evidence.put("daysLeft", 12L);
        evidence.put("ratio", 0.25);
        evidence.put("enabled", true);
        evidence.put("actions", List.of("Rotate", "Notify"));
        evidence.put("empty", List.of());
        evidence.put("grant", nested);
        Instant firstSeen = Instant.parse("2026-11-20T06:00:00.123456789Z");
        AppliedException waiver = new AppliedException("accepted until migration", "platform-team", LocalDate.parse("2027-01-31"));
        List<RunStore.Row> rows = List.of(
                new RunStore.Row(result(Status.FAIL, evidence, null), firstSeen),
                new RunStore.Row(result(Status.MUTED, Map.of(), waiver), firstSeen),
                new RunStore.Row(result(Status.ERROR, Map.of(), null), null));

        List<Result> back = new ArrayList<>();
        List<Instant> seen = new ArrayList<>();
        ResultChunk.unpack("secret-expiry-missing", ResultChunk.pack(rows), CONTROLS, (r, t) -> {
            back.add(r);
            seen.add(t);
        });

        assertEquals(rows.stream().map(RunStore.Row::result).toList(), back);
        assertEquals(List.copyOf(evidence.keySet()), List.copyOf(back.get(0).evidence().keySet()), "evidence keeps its order");
        assertEquals(12L, ((Number) back.get(0).evidence().get("daysLeft")).longValue());
        assertEquals(firstSeen, seen.get(0));
        assertSame(seen.get(0), seen.get(1), "a first-seen time shared by results is parsed once");
        assertNull(seen.get(2));
    }
}
