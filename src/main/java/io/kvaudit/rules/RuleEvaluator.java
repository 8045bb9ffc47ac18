package io.kvaudit.rules;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import io.kvaudit.model.Certificate;
import io.kvaudit.model.Collected;
import io.kvaudit.model.Inventory;
import io.kvaudit.model.Key;
import io.kvaudit.model.ResourceKind;
import io.kvaudit.model.Result;
import io.kvaudit.model.Secret;
import io.kvaudit.model.Status;
import io.kvaudit.model.SubscriptionInventory;
import io.kvaudit.model.VaultInventory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a rule set to an inventory. Pure: it reads only the inventory and the clock. Every enabled rule gives each
 * resource it applies to PASS, FAIL or ERROR; when a rule's input could not be collected at all (a vault's secrets
 * unreadable, a subscription's vaults or role assignments unknown) the rule reports one ERROR for that collection,
 * so nothing is ever passed silently. Results go to the sink in batches (one per vault or subscription), in a
 * deterministic order, from one thread at a time.
 */
public final class RuleEvaluator {

    private static final Pattern MISSING_KEY = Pattern.compile("key '([^']+)' is not present");
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** Units evaluated ahead of the sink, at most: bounds the results held in memory. */
    private static final int WINDOW = 256;

    private final RuleSet rules;
    private final Instant now;

    /** Per resource kind: the enabled rules, in order, and each one's slot in the appliesWhen memo (-1: none). */
    private final Map<ResourceKind, KindRules> byKind = new java.util.EnumMap<>(ResourceKind.class);

    /**
     * The enabled rules of one resource kind. Rules often share an {@code appliesWhen} ("secret.enabled &&
     * !secret.managed" for several secret rules): one that does not use {@code params} gives the same answer for
     * every rule of a resource, so it is evaluated once per resource and remembered in its slot.
     */
    private record KindRules(List<CompiledRule> rules, int[] slot, int slots) {
        static KindRules of(List<CompiledRule> rules) {
            Map<String, Integer> slotOf = new HashMap<>();
            int[] slot = new int[rules.size()];
            for (int i = 0; i < rules.size(); i++) {
                String applies = rules.get(i).definition().appliesWhen();
                slot[i] = applies == null || applies.contains("params") ? -1
                        : slotOf.computeIfAbsent(applies.strip(), k -> slotOf.size());
            }
            return new KindRules(rules, slot, slotOf.size());
        }

        Boolean[] memo() { return slots == 0 ? null : new Boolean[slots]; }
    }

    public RuleEvaluator(RuleSet rules, Instant now) {
        this.rules = rules;
        this.now = now;
        for (ResourceKind k : ResourceKind.values()) byKind.put(k, KindRules.of(rules.enabled(k)));
    }

    /** The stable identity of a result across runs. */
    public static String fingerprint(String ruleId, String resourceId) {
        MessageDigest md = SHA256.get();
        md.reset();
        return HexFormat.of().formatHex(md.digest((ruleId + resourceId).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Evaluates everything and hands the results to the sink in a deterministic order (subscriptions, then vaults in
     * inventory order, then role assignments), whatever the number of threads: units are evaluated in parallel, at
     * most {@link #WINDOW} ahead of the sink, and emitted in order, so a re-run or a re-render lists results identically.
     */
    public void evaluate(Inventory inventory, int threads, Consumer<List<Result>> sink) {
        evaluate(inventory, threads, sink, () -> false);
    }

    /**
     * As {@link #evaluate(Inventory, int, Consumer)}, stopping early when {@code stop} says so (a scan asked to stop,
     * SIGTERM): checked before each unit is started and each is handed on, then a {@link CancellationException} ends it.
     */
    public void evaluate(Inventory inventory, int threads, Consumer<List<Result>> sink, java.util.function.BooleanSupplier stop) {
        AccessAnalysis access = new AccessAnalysis(inventory);
        List<Supplier<List<Result>>> units = new ArrayList<>();
        for (SubscriptionInventory s : inventory.subscriptions()) units.add(() -> subscription(s));
        for (VaultInventory v : inventory.vaults()) units.add(() -> vault(v, access));
        List<AccessAnalysis.EffectiveAssignment> assignments = access.assignments();
        for (int i = 0; i < assignments.size(); i += 500) {
            List<AccessAnalysis.EffectiveAssignment> chunk = assignments.subList(i, Math.min(assignments.size(), i + 500));
            units.add(() -> assignments(chunk));
        }
        // Units run on the pool while this thread hands finished ones to the sink in order: the sink's work (and its
        // waits for the database writer) overlaps evaluation instead of idling the pool between windows.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "kvaudit-evaluate");
            t.setDaemon(true);
            return t;
        });
        try {
            ArrayDeque<Future<List<Result>>> ahead = new ArrayDeque<>();
            for (Supplier<List<Result>> unit : units) {
                if (stop.getAsBoolean()) throw new CancellationException("evaluation stopped");
                ahead.add(pool.submit(unit::get));
                if (ahead.size() >= WINDOW) sink.accept(ahead.poll().get());
            }
            while (!ahead.isEmpty()) {
                if (stop.getAsBoolean()) throw new CancellationException("evaluation stopped");
                sink.accept(ahead.poll().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Subscription rules, plus ERRORs for vault-level and role-assignment rules when their lists are unknown. */
    List<Result> subscription(SubscriptionInventory s) {
        List<Result> out = new ArrayList<>();
        String subId = s.subscription().subscriptionId();
        Bindings.Bound sub = Bindings.subscription(s.subscription(), s.defenderPlans());
        KindRules subRules = byKind.get(ResourceKind.SUBSCRIPTION);
        Boolean[] subMemo = subRules.memo();
        for (int i = 0; i < subRules.rules().size(); i++)
            add(out, eval(subRules.rules().get(i), new Variables("subscription", sub.value()), sub.missing(),
                    new Subject(s.subscription().id(), "subscription", subId, null), subMemo, subRules.slot()[i]));
        if (!s.vaults().isPresent()) {
            for (ResourceKind k : List.of(ResourceKind.VAULT, ResourceKind.SECRET, ResourceKind.KEY, ResourceKind.CERTIFICATE))
                for (CompiledRule r : byKind.get(k).rules())
                    out.add(notAssessed(r, new Subject(s.subscription().id() + "/providers/microsoft.keyvault/vaults",
                            "vaults", subId, null), s.vaults().reason()));
        }
        if (!s.roleAssignments().isPresent()) {
            for (CompiledRule r : byKind.get(ResourceKind.ROLE_ASSIGNMENT).rules())
                out.add(notAssessed(r, new Subject(s.subscription().id() + "/providers/microsoft.authorization/roleassignments",
                        "roleAssignments", subId, null), s.roleAssignments().reason()));
        }
        return out;
    }

    List<Result> vault(VaultInventory vi, AccessAnalysis access) {
        List<Result> out = new ArrayList<>();
        var v = vi.vault();
        Bindings.Bound vault = Bindings.vault(vi, access.secretValueReaders(v));
        KindRules vaultRules = byKind.get(ResourceKind.VAULT);
        Boolean[] vaultMemo = vaultRules.memo();
        Subject vaultSubject = new Subject(v.id(), "vault", v.subscriptionId(), v.name());
        for (int i = 0; i < vaultRules.rules().size(); i++)
            add(out, eval(vaultRules.rules().get(i), new Variables("vault", vault.value()), vault.missing(), vaultSubject,
                    vaultMemo, vaultRules.slot()[i]));
        objects(out, ResourceKind.SECRET, vi.secrets(), v.id() + "/secrets", vault, vi, Bindings::secret, Secret::id);
        objects(out, ResourceKind.KEY, vi.keys(), v.id() + "/keys", vault, vi, Bindings::key, Key::id);
        objects(out, ResourceKind.CERTIFICATE, vi.certificates(), v.id() + "/certificates", vault, vi, Bindings::certificate, Certificate::id);
        return out;
    }

    private <T> void objects(List<Result> out, ResourceKind kind, Collected<List<T>> items, String collectionId,
                             Bindings.Bound vault, VaultInventory vi, java.util.function.Function<T, Bindings.Bound> bind,
                             java.util.function.Function<T, String> id) {
        KindRules kindRules = byKind.get(kind);
        List<CompiledRule> rs = kindRules.rules();
        if (rs.isEmpty()) return;
        var v = vi.vault();
        if (!items.isPresent()) {
            for (CompiledRule r : rs)
                out.add(notAssessed(r, new Subject(collectionId, kind.key(), v.subscriptionId(), v.name()), items.reason()));
            return;
        }
        String var = RuleSchema.subjectVariable(kind);
        for (T item : items.orNull()) {
            Bindings.Bound b = bind.apply(item);
            Map<String, String> missing = new HashMap<>(vault.missing());
            missing.putAll(b.missing());
            Variables activation = new Variables(var, b.value(), "vault", vault.value());
            Subject subject = new Subject(id.apply(item), kind.key(), v.subscriptionId(), v.name());
            Boolean[] memo = kindRules.memo();
            for (int i = 0; i < rs.size(); i++) add(out, eval(rs.get(i), activation, missing, subject, memo, kindRules.slot()[i]));
        }
    }

    List<Result> assignments(List<AccessAnalysis.EffectiveAssignment> chunk) {
        List<Result> out = new ArrayList<>();
        KindRules kindRules = byKind.get(ResourceKind.ROLE_ASSIGNMENT);
        List<CompiledRule> rs = kindRules.rules();
        for (AccessAnalysis.EffectiveAssignment ea : chunk) {
            Bindings.Bound b = Bindings.assignment(ea);
            Subject subject = new Subject(ea.assignment().id(), "roleAssignment", ea.assignment().subscriptionId(),
                    ea.coveredVaults().size() == 1 ? ea.coveredVaults().get(0).name() : null);
            Boolean[] memo = kindRules.memo();
            for (int i = 0; i < rs.size(); i++)
                add(out, eval(rs.get(i), new Variables("assignment", b.value()), b.missing(), subject, memo, kindRules.slot()[i]));
        }
        return out;
    }

    /** The one or two variables a rule sees besides {@code now} and {@code params}. */
    record Variables(String name, Object value, String otherName, Object otherValue) {
        Variables(String name, Object value) { this(name, value, null, null); }

        Object get(String n) {
            if (n.equals(name)) return value;
            return n.equals(otherName) ? otherValue : null;
        }
    }

    /** The resource a result is about. */
    record Subject(String resourceId, String resourceType, String subscriptionId, String vaultName) {}

    private static void add(List<Result> out, Result r) {
        if (r != null) out.add(r);
    }

    /** PASS, FAIL or ERROR for one rule and one resource; null when the rule does not apply to it. */
    Result eval(CompiledRule r, Variables variables, Map<String, String> missing, Subject s) {
        return eval(r, variables, missing, s, null, -1);
    }

    /** As above; {@code memo[slot]} remembers this resource's answer to the rule's appliesWhen for the rules sharing it. */
    private Result eval(CompiledRule r, Variables variables, Map<String, String> missing, Subject s, Boolean[] memo, int slot) {
        // a resolver rather than a map: CEL would copy a map on every evaluation. Names are compared, not hashed: CEL
        // builds candidate names afresh for every lookup, so each would be hashed anew.
        CelVariableResolver activation = name -> {
            if (name.equals("now")) return Optional.of(now);
            if (name.equals("params")) return Optional.of(r.params());
            return Optional.ofNullable(variables.get(name));
        };
        try {
            if (r.appliesWhen() != null) {
                Boolean applies = slot >= 0 ? memo[slot] : null;
                if (applies == null) {
                    applies = Boolean.TRUE.equals(r.appliesWhen().eval(activation));
                    if (slot >= 0) memo[slot] = applies;
                }
                if (!applies) return null;
            }
            boolean fails = Boolean.TRUE.equals(r.condition().eval(activation));
            if (!fails) return result(r, Status.PASS, s, null, Map.of());
            Map<CelRuntime.Program, Object> shown = new IdentityHashMap<>();
            return result(r, Status.FAIL, s, message(r, activation, shown), evidence(r, activation, shown));
        } catch (CelEvaluationException e) {
            return notAssessed(r, s, reason(e, missing));
        }
    }

    private Result notAssessed(CompiledRule r, Subject s, String reason) {
        return result(r, Status.ERROR, s, "Not assessed: " + reason, Map.of());
    }

    private static Result result(CompiledRule r, Status status, Subject s, String message, Map<String, Object> evidence) {
        return new Result(r.id(), status, r.definition().severity(), s.resourceId(), s.resourceType(), s.subscriptionId(),
                s.vaultName(), message, evidence, r.controls(),
                // a PASS is stored as its resource id and gets its fingerprint when read back: no hash for 90 % of results
                status == Status.PASS ? null : fingerprint(r.id(), s.resourceId()), null);
    }

    static String reason(CelEvaluationException e, Map<String, String> missing) {
        Matcher m = MISSING_KEY.matcher(String.valueOf(e.getMessage()));
        if (m.find()) {
            String field = m.group(1);
            String why = missing.get(field);
            return why != null ? why : "unknown field: '" + field + "' is absent from Azure's answer";
        }
        return "the rule could not be evaluated: " + e.getMessage();
    }

    /** Marks an expression of a message or evidence that could not be evaluated for this resource. */
    private static final Object UNAVAILABLE = new Object();

    /** The value of a message or evidence expression, evaluated once per result however often it is shown. */
    private static Object shown(CelRuntime.Program p, CelVariableResolver activation, Map<CelRuntime.Program, Object> shown) {
        Object v = shown.get(p);
        if (v == null) {
            try {
                v = p.eval(activation);
            } catch (CelEvaluationException e) {
                v = UNAVAILABLE;
            }
            shown.put(p, v == null ? UNAVAILABLE : v);
        }
        return v;
    }

    private static String message(CompiledRule r, CelVariableResolver activation, Map<CelRuntime.Program, Object> shown) {
        StringBuilder sb = new StringBuilder();
        for (CompiledRule.MessagePart p : r.message()) {
            if (p.literal() != null) { sb.append(p.literal()); continue; }
            Object v = shown(p.expression(), activation, shown);
            sb.append(v == UNAVAILABLE ? "?" : display(v));
        }
        return sb.toString();
    }

    private static Map<String, Object> evidence(CompiledRule r, CelVariableResolver activation, Map<CelRuntime.Program, Object> shown) {
        if (r.evidence().isEmpty()) return Map.of();
        Map<String, Object> out = new LinkedHashMap<>();
        // evidence is best effort: a field the resource lacks is simply not shown
        r.evidence().forEach((k, p) -> {
            Object v = shown(p, activation, shown);
            if (v != UNAVAILABLE) out.put(k, plain(v));
        });
        return out;
    }

    private static String display(Object v) {
        Object p = plain(v);
        if (p instanceof List<?> l) return String.join(", ", l.stream().map(String::valueOf).toList());
        return String.valueOf(p);
    }

    /** CEL values as JSON-friendly Java values: times as RFC 3339, durations as ISO-8601. */
    static Object plain(Object v) {
        if (v instanceof Instant i) return i.toString();
        if (v instanceof Duration d) return d.toString();
        if (v instanceof com.google.protobuf.Timestamp t) return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
        if (v instanceof List<?> l) return l.stream().map(RuleEvaluator::plain).toList();
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), plain(val)));
            return out;
        }
        return v;
    }
}
