package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Callers still negotiating a TLS version outside {@code allowed} (TLS 1.0 and 1.1, which Key Vault is retiring): one
 * finding per caller and vault, whatever the calls' status, since a refused call shows the client's TLS as well as a
 * served one. Events that logged no TLS version are not judged; requests without a token are nobody's, and the same
 * client's authenticated calls that follow show its TLS version.
 */
public final class LegacyTls implements Detector {

    @Override
    public String id() { return "activity-legacy-tls"; }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        List<String> allowed = params.strings("allowed");
        Set<String> ok = allowed.stream().map(LegacyTls::normalized).collect(Collectors.toSet());
        Map<String, List<LogFact>> byCaller = new TreeMap<>();
        for (LogFact f : vault.facts()) {
            if (!context.window().inDetection(f.bucket()) || f.tlsVersion() == null || f.caller().isAnonymous()
                    || ok.contains(normalized(f.tlsVersion()))) continue;
            byCaller.computeIfAbsent(f.caller().key(), k -> new ArrayList<>()).add(f);
        }
        byCaller.forEach((key, facts) -> {
            Principal who = facts.get(facts.size() - 1).caller();
            Map<String, Long> versions = new TreeMap<>(), operations = new TreeMap<>();
            Set<String> ips = new TreeSet<>();
            long calls = 0;
            for (LogFact f : facts) {
                versions.merge(f.tlsVersion(), f.count(), Long::sum);
                operations.merge(f.operation(), f.count(), Long::sum);
                if (f.callerIp() != null) ips.add(f.callerIp());
                calls += f.count();
            }
            out.add(new Finding(vault.id(), "vault", who, null, who.display() + " made " + Plural.of(calls, "call") + " to "
                    + vault.vault().name() + " over " + String.join(", ", versions.keySet()) + " (allowed: "
                    + String.join(", ", allowed) + ")",
                    Evidence.detection(context.window()).principal(who).put("tlsVersions", versions).put("calls", calls)
                            .put("allowed", allowed).put("callerIps", List.copyOf(ips)).put("operations", operations)
                            .examples(facts).vault(vault, context.sources()).map()));
        });
    }

    /** "TLS1_2", "tls1.2", "TLSv1.2" and "TLS 1.2" are one version. */
    static String normalized(String version) {
        return version.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "").replaceFirst("^TLSV", "TLS");
    }
}
