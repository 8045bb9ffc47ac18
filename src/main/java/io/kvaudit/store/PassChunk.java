package io.kvaudit.store;

import io.kvaudit.model.Result;
import io.kvaudit.model.Severity;
import io.kvaudit.model.Status;
import io.kvaudit.rules.RuleEvaluator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How PASS results are stored: resource ids of one rule, gzip-compressed; and how a PASS result is rebuilt from one. */
final class PassChunk {

    private PassChunk() {}

    static byte[] pack(List<String> resourceIds) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = ResultChunk.fastGzip(bytes)) {
                gz.write(String.join("\n", resourceIds).getBytes(StandardCharsets.UTF_8));
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> unpack(byte[] packed) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            String all = new String(gz.readAllBytes(), StandardCharsets.UTF_8);
            return all.isEmpty() ? List.of() : Arrays.asList(all.split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PASS result of a rule on a resource; everything but the ids derives from them and the rule. */
    static Result result(String ruleId, Severity severity, String resourceType, String resourceId, List<String> controls) {
        return new Result(ruleId, Status.PASS, severity, resourceId, resourceType, segment(resourceId, "subscriptions"),
                segment(resourceId, "vaults"), null, Map.of(), controls, RuleEvaluator.fingerprint(ruleId, resourceId), null);
    }

    private static String segment(String id, String name) {
        String[] seg = id.split("/");
        for (int i = 0; i < seg.length - 1; i++) if (seg[i].equals(name)) return seg[i + 1];
        return null;
    }
}
