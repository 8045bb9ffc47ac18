package io.kvaudit.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.YamlNode;
import io.kvaudit.model.ResourceKind;
import io.kvaudit.model.Severity;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads and type-checks a rule set: every {@code <resource>/<id>/rule.yaml} and {@code frameworks/*.yaml} under a
 * rules directory (or the set bundled in the jar). Anything wrong (bad YAML, a missing field, an id that does not
 * match its folder, a CEL expression that does not compile, an unknown rule in a framework or override) stops the
 * load with the file, the position and what was expected.
 */
public final class RuleSetLoader {

    /** Where the jar carries the repository's {@code rules/} directory. */
    public static final String BUNDLED_ROOT = "kvaudit-rules";

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Set<String> RULE_KEYS = Set.of("id", "title", "severity", "resource", "enabled", "appliesWhen",
            "condition", "message", "evidence", "params", "description", "risk", "remediation", "references");
    private static final Set<String> DETECTOR_KEYS = Set.of("id", "title", "severity", "enabled", "mitre", "params",
            "description", "risk", "remediation", "falsePositives", "references");
    private static final Pattern MITRE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
    private static final Set<String> FRAMEWORK_KEYS = Set.of("id", "prefix", "name", "version", "url", "description", "controls");
    private static final Set<String> CONTROL_KEYS = Set.of("id", "title", "rules", "manual", "guidance");

    private RuleSetLoader() {}

    /** The rule files of a directory, or of the bundled rule set when {@code dir} is null. */
    public static List<RuleFile> files(Path dir) {
        return dir == null ? bundledFiles() : directoryFiles(dir);
    }

    public static RuleSet load(Path dir, RuleOverrides overrides) {
        return load(files(dir), overrides, dir == null ? "bundled" : dir.toString());
    }

    public static RuleSet load(List<RuleFile> files, RuleOverrides overrides, String origin) {
        List<RuleDefinition> definitions = new ArrayList<>();
        List<Framework> frameworks = new ArrayList<>();
        List<DetectorDefinition> detectorDefinitions = new ArrayList<>();
        for (RuleFile f : files) {
            String[] parts = f.relativePath().split("/");
            if (parts.length == 2 && parts[0].equals("frameworks") && parts[1].endsWith(".yaml")) {
                frameworks.add(parseFramework(f));
            } else if (parts.length == 3 && parts[0].equals(ACTIVITY) && parts[2].equals(DETECTOR_FILE)) {
                detectorDefinitions.add(parseDetector(f, parts[1]));
            } else if (parts.length == 3 && parts[2].equals("rule.yaml")) {
                definitions.add(parseRule(f, parts[0], parts[1]));
            }
        }
        if (definitions.isEmpty())
            throw new ConfigurationException(origin + ": no rules found; expected <resource>/<rule-id>/rule.yaml files");
        Map<String, RuleDefinition> byId = new LinkedHashMap<>();
        for (RuleDefinition d : definitions) {
            RuleDefinition prev = byId.putIfAbsent(d.id(), d);
            if (prev != null) throw new ConfigurationException(d.file() + ": rule id " + d.id() + " is also defined in " + prev.file());
        }
        Map<String, DetectorDefinition> detectorsById = new LinkedHashMap<>();
        for (DetectorDefinition d : detectorDefinitions) {
            if (byId.containsKey(d.id()) || detectorsById.putIfAbsent(d.id(), d) != null)
                throw new ConfigurationException(d.file() + ": id " + d.id() + " is defined twice");
        }
        Map<String, List<String>> controlsByRule = new HashMap<>();
        for (Framework fw : frameworks) {
            for (Framework.Control c : fw.controls()) {
                for (String ruleId : c.rules()) {
                    if (!byId.containsKey(ruleId) && !detectorsById.containsKey(ruleId))
                        throw new ConfigurationException("frameworks/" + fw.id() + ".yaml: control " + c.id()
                                + " lists unknown rule \"" + ruleId + "\"");
                    controlsByRule.computeIfAbsent(ruleId, k -> new ArrayList<>()).add(fw.tag(c));
                }
            }
        }
        checkOverrides(overrides, byId, detectorsById);
        // CEL compilation is most of loading: rules compile in parallel; a failure is reported for the first failing
        // rule in file order, whatever the thread timing
        List<Object> outcomes = new ArrayList<>(byId.values()).parallelStream().map(d -> {
            try {
                Map<String, Object> params = new LinkedHashMap<>(d.params());
                overrides.params().getOrDefault(d.id(), Map.of()).forEach((k, v) -> params.put(k, coerce(d.params().get(k), v)));
                boolean enabled = (d.enabledByDefault() || overrides.enable().contains(d.id())) && !overrides.disable().contains(d.id());
                return (Object) compile(d, params, enabled, controlsByRule.getOrDefault(d.id(), List.of()));
            } catch (RuntimeException e) {
                return e;
            }
        }).toList();
        List<CompiledRule> compiled = new ArrayList<>();
        for (Object o : outcomes) {
            if (o instanceof RuntimeException e) throw e;
            compiled.add((CompiledRule) o);
        }
        compiled.sort(Comparator.comparing((CompiledRule r) -> r.definition().resource()).thenComparing(CompiledRule::id));
        List<ConfiguredDetector> detectors = new ArrayList<>();
        for (DetectorDefinition d : detectorsById.values()) {
            Map<String, Object> params = new LinkedHashMap<>(d.params());
            overrides.params().getOrDefault(d.id(), Map.of()).forEach((k, v) -> params.put(k, coerce(d.params().get(k), v)));
            boolean enabled = (d.enabledByDefault() || overrides.enable().contains(d.id())) && !overrides.disable().contains(d.id());
            detectors.add(new ConfiguredDetector(d, java.util.Collections.unmodifiableMap(params), enabled, List.copyOf(controlsByRule.getOrDefault(d.id(), List.of()))));
        }
        detectors.sort(Comparator.comparing(ConfiguredDetector::id));
        return new RuleSet(List.copyOf(compiled), List.copyOf(detectors), List.copyOf(frameworks), digest(files), origin);
    }

    static RuleDefinition parseRule(RuleFile f, String folderResource, String folderId) {
        YamlNode root = YamlNode.parse(f.content(), f.displayPath()).requireMapping("a rule");
        root.allowOnly(RULE_KEYS);
        YamlNode idNode = root.get("id");
        String id = idNode.requiredText();
        if (!ID.matcher(id).matches()) throw idNode.error("expected a lower-case id like secret-expiry-missing, found \"" + id + "\"");
        if (!id.equals(folderId))
            throw idNode.error("rule id \"" + id + "\" does not match its folder \"" + folderId + "\"");
        Severity severity = severity(root.get("severity"));
        YamlNode resNode = root.get("resource");
        ResourceKind kind = ResourceKind.fromKey(resNode.requiredText());
        if (kind == null) throw resNode.error("expected one of " + Arrays.stream(ResourceKind.values()).map(ResourceKind::key).toList()
                + ", found \"" + resNode.text() + "\"");
        if (!kind.key().equals(folderResource))
            throw resNode.error("resource \"" + kind.key() + "\" does not match the folder \"" + folderResource + "\"");
        boolean enabled = enabled(root.get("enabled"));
        Map<String, String> evidence = new LinkedHashMap<>();
        YamlNode ev = root.get("evidence");
        if (!ev.isMissing()) {
            ev.requireMapping("evidence (names to CEL expressions)");
            for (String k : ev.keys()) evidence.put(k, ev.get(k).requiredText());
        }
        Map<String, Object> params = params(root.get("params"));
        for (String required : List.of("title", "condition", "message", "description", "risk", "remediation"))
            root.get(required).requiredText();
        Map<String, RuleDefinition.SourcePosition> positions = new HashMap<>();
        for (String k : List.of("appliesWhen", "condition", "message")) positions.put(k, position(root.get(k)));
        for (String k : evidence.keySet()) positions.put("evidence." + k, position(ev.get(k)));
        return new RuleDefinition(id, root.get("title").requiredText(), severity, kind, enabled,
                root.get("appliesWhen").text(), root.get("condition").requiredText(), root.get("message").requiredText(),
                evidence, params, root.get("description").requiredText(), root.get("risk").requiredText(),
                root.get("remediation").requiredText(), root.get("references").stringList(), f.displayPath(), positions);
    }

    /** Where detectors live under the rules root: {@code activity/<id>/detector.yaml}. */
    public static final String ACTIVITY = "activity";
    public static final String DETECTOR_FILE = "detector.yaml";

    static DetectorDefinition parseDetector(RuleFile f, String folderId) {
        YamlNode root = YamlNode.parse(f.content(), f.displayPath()).requireMapping("a detector");
        root.allowOnly(DETECTOR_KEYS);
        YamlNode idNode = root.get("id");
        String id = idNode.requiredText();
        if (!ID.matcher(id).matches() || !id.startsWith("activity-"))
            throw idNode.error("expected a lower-case id starting with activity-, like activity-mass-secret-read, found \"" + id + "\"");
        if (!id.equals(folderId)) throw idNode.error("detector id \"" + id + "\" does not match its folder \"" + folderId + "\"");
        Severity severity = severity(root.get("severity"));
        boolean enabled = enabled(root.get("enabled"));
        List<String> mitre = root.get("mitre").stringList();
        for (int i = 0; i < mitre.size(); i++)
            if (!MITRE.matcher(mitre.get(i)).matches())
                throw root.get("mitre").error("expected MITRE ATT&CK technique ids like T1555.006, found \"" + mitre.get(i) + "\"");
        // a detector's logic reads whole numbers as long, as CEL does
        Map<String, Object> params = new LinkedHashMap<>();
        params(root.get("params")).forEach((k, v) -> params.put(k, v instanceof Integer n ? n.longValue() : v));
        for (String required : List.of("title", "description", "risk", "remediation")) root.get(required).requiredText();
        return new DetectorDefinition(id, root.get("title").requiredText(), severity, enabled, mitre, params,
                root.get("description").requiredText(), root.get("risk").requiredText(), root.get("remediation").requiredText(),
                root.get("falsePositives").text(), root.get("references").stringList(), f.displayPath());
    }

    /** {@code params:} names to default values, in file order; every param needs one. */
    private static Map<String, Object> params(YamlNode pn) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (pn.isMissing()) return params;
        pn.requireMapping("params (names to default values)");
        for (String k : pn.keys()) {
            Object v = pn.get(k).toValue();
            if (v == null) throw pn.get(k).error("a param needs a default value");
            params.put(k, v);
        }
        return params;
    }

    /** A rule's or detector's severity: critical, high, medium, low or info. */
    private static Severity severity(YamlNode node) {
        try {
            Severity severity = Severity.parse(node.requiredText());
            if (severity == Severity.NONE) throw new IllegalArgumentException();
            return severity;
        } catch (IllegalArgumentException e) {
            throw node.error("expected one of critical, high, medium, low, info, found \"" + node.text() + "\"");
        }
    }

    /** {@code enabled:} true or false; on when absent. */
    private static boolean enabled(YamlNode node) {
        if (node.isMissing()) return true;
        Object v = node.toValue();
        if (!(v instanceof Boolean b)) throw node.error("expected true or false, found \"" + v + "\"");
        return b;
    }

    static Framework parseFramework(RuleFile f) {
        YamlNode root = YamlNode.parse(f.content(), f.displayPath()).requireMapping("a framework");
        root.allowOnly(FRAMEWORK_KEYS);
        String id = root.get("id").requiredText();
        String expected = f.relativePath().substring("frameworks/".length(), f.relativePath().length() - ".yaml".length());
        if (!id.equals(expected)) throw root.get("id").error("framework id \"" + id + "\" does not match its file name \"" + expected + "\"");
        List<Framework.Control> controls = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (YamlNode c : root.get("controls").elements()) {
            c.requireMapping("a control");
            c.allowOnly(CONTROL_KEYS);
            String cid = c.get("id").requiredText();
            if (!seen.add(cid)) throw c.get("id").error("control " + cid + " is listed twice");
            boolean manual = Boolean.TRUE.equals(c.get("manual").toValue());
            List<String> rules = c.get("rules").stringList();
            if (manual == !rules.isEmpty())
                throw c.error("control " + cid + ": expected either a non-empty rules list or manual: true");
            controls.add(new Framework.Control(cid, c.get("title").requiredText(), rules, manual, c.get("guidance").text()));
        }
        if (controls.isEmpty()) throw root.get("controls").error("expected a list of controls");
        return new Framework(id, root.get("prefix").requiredText(), root.get("name").requiredText(),
                root.get("version").text(), root.get("url").text(), root.get("description").text(), List.copyOf(controls));
    }

    private static void checkOverrides(RuleOverrides o, Map<String, RuleDefinition> byId, Map<String, DetectorDefinition> detectors) {
        Set<String> named = new LinkedHashSet<>(o.params().keySet());
        named.addAll(o.enable());
        named.addAll(o.disable());
        for (String id : named)
            if (!byId.containsKey(id) && !detectors.containsKey(id))
                throw new ConfigurationException("configuration kvaudit.rules: unknown rule or detector \"" + id + "\"");
        o.params().forEach((id, values) -> values.forEach((name, raw) -> {
            Map<String, Object> defaults = byId.containsKey(id) ? byId.get(id).params() : detectors.get(id).params();
            Object def = defaults.get(name);
            Object value = coerce(def, raw);
            if (def == null)
                throw new ConfigurationException("configuration kvaudit.rules.params." + id + ": unknown param \"" + name
                        + "\"; " + (byId.containsKey(id) ? "rule " : "detector ") + id + " has " + defaults.keySet());
            if (!celType(def).equals(celType(value)))
                throw new ConfigurationException("configuration kvaudit.rules.params." + id + "." + name + ": expected "
                        + celType(def).name() + " like the default " + def + ", found " + value);
        }));
    }

    private static CompiledRule compile(RuleDefinition d, Map<String, Object> params, boolean enabled, List<String> controls) {
        StructType paramsType = paramsType(d);
        // the message template: literal text and {expressions}
        List<String[]> template = new ArrayList<>();
        String m = d.message();
        int i = 0;
        while (i < m.length()) {
            int open = m.indexOf('{', i);
            if (open < 0) { template.add(new String[] {m.substring(i), null}); break; }
            int close = matchingBrace(m, open);
            if (close < 0) throw new ConfigurationException(d.file() + ": rule " + d.id() + ": message: unclosed { at character " + (open + 1));
            if (open > i) template.add(new String[] {m.substring(i, open), null});
            template.add(new String[] {null, m.substring(open + 1, close)});
            i = close + 1;
        }
        // every expression of the rule checked in one compile; one that cannot be is compiled alone below
        List<String> expressions = new ArrayList<>();
        if (d.appliesWhen() != null) expressions.add(d.appliesWhen());
        expressions.add(d.condition());
        expressions.addAll(d.evidence().values());
        for (String[] part : template) if (part[1] != null) expressions.add(part[1]);
        Compilers compilers = new Compilers(d.resource(), paramsType);
        Map<String, CelAbstractSyntaxTree> together = CheckedTogether.check(compilers.any(), expressions.stream().distinct().toList());
        CelRuntime.Program applies = d.appliesWhen() == null ? null
                : program(d, "appliesWhen", d.appliesWhen(), together, compilers, true);
        CelRuntime.Program condition = program(d, "condition", d.condition(), together, compilers, true);
        // the same expression in the message and the evidence is one program, so a FAIL evaluates it once
        Map<String, CelRuntime.Program> shown = new HashMap<>();
        java.util.function.BiFunction<String, String, CelRuntime.Program> showing = (field, expr) -> {
            CelRuntime.Program p = shown.get(expr.strip());
            if (p == null) shown.put(expr.strip(), p = program(d, field, expr, together, compilers, false));
            return p;
        };
        Map<String, CelRuntime.Program> evidence = new LinkedHashMap<>();
        d.evidence().forEach((k, expr) -> evidence.put(k, showing.apply("evidence." + k, expr)));
        List<CompiledRule.MessagePart> message = new ArrayList<>();
        for (String[] part : template)
            message.add(part[1] == null ? new CompiledRule.MessagePart(part[0], null)
                    : new CompiledRule.MessagePart(null, showing.apply("message", part[1])));
        return new CompiledRule(d, applies, condition, List.copyOf(message), evidence, Map.copyOf(params), enabled, List.copyOf(controls));
    }

    /**
     * A rule's two compilers: any result type (the joint check and the message and evidence), and boolean results,
     * built only if an appliesWhen or condition has to be compiled alone.
     */
    private static final class Compilers {
        private final ResourceKind kind;
        private final StructType paramsType;
        private final CelCompiler any;
        private CelCompiler bool;

        Compilers(ResourceKind kind, StructType paramsType) {
            this.kind = kind;
            this.paramsType = paramsType;
            this.any = CelEnvironment.compiler(kind, paramsType, null);
        }

        CelCompiler bool() { return bool != null ? bool : (bool = CelEnvironment.compiler(kind, paramsType, SimpleType.BOOL)); }

        CelCompiler any() { return any; }
    }

    private static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') depth++;
            else if (s.charAt(i) == '}' && --depth == 0) return i;
        }
        return -1;
    }

    /**
     * The program of one expression: from the rule's joint check when it is there (and, for a condition, of type bool),
     * otherwise compiled alone, which reports an error with the rule file's line and column.
     */
    private static CelRuntime.Program program(RuleDefinition d, String field, String expr, Map<String, CelAbstractSyntaxTree> together,
                                              Compilers compilers, boolean bool) {
        try {
            CelAbstractSyntaxTree ast = together.get(expr);
            if (ast != null && (!bool || ast.getResultType().equals(SimpleType.BOOL)))
                return CelEnvironment.runtime().createProgram(ast);
            return CelEnvironment.runtime().createProgram((bool ? compilers.bool() : compilers.any()).compile(expr).getAst());
        } catch (CelValidationException e) {
            CelIssue issue = e.getErrors().get(0);
            RuleDefinition.SourcePosition where = d.positions().get(field);
            int line = issue.getSourceLocation().getLine();
            int col = issue.getSourceLocation().getColumn() + 1;
            String pos;
            if (where == null || where.line() == 0) pos = d.file();
            else if (where.style() == '|' || where.style() == '>') pos = d.file() + ":" + (where.line() + line);
            else if (line > 1) pos = d.file() + ":" + (where.line() + line - 1);
            else pos = d.file() + ":" + where.line() + ":" + (where.column() + col - 1 + (where.style() == 0 ? 0 : 1));
            throw new ConfigurationException(pos + ": rule " + d.id() + ": " + field + ": " + issue.getMessage()
                    + " (expression line " + line + ", column " + col + ": " + expr.strip().lines().skip(Math.max(0, line - 1)).findFirst().orElse("") + ")");
        } catch (CelEvaluationException e) {
            throw new ConfigurationException(d.file() + ": rule " + d.id() + ": " + field + ": " + e.getMessage(), e);
        }
    }

    private static RuleDefinition.SourcePosition position(YamlNode n) {
        return new RuleDefinition.SourcePosition(n.line(), n.column(), n.scalarStyle());
    }

    private static StructType paramsType(RuleDefinition d) {
        Map<String, CelType> fields = new LinkedHashMap<>();
        d.params().forEach((k, v) -> fields.put(k, celType(v)));
        return RuleSchema.struct("kvaudit.params." + d.id().replace('-', '_'), flatten(fields));
    }

    private static Object[] flatten(Map<String, CelType> fields) {
        Object[] out = new Object[fields.size() * 2];
        int i = 0;
        for (Map.Entry<String, CelType> e : fields.entrySet()) { out[i++] = e.getKey(); out[i++] = e.getValue(); }
        return out;
    }

    /**
     * A configured value in the default's type where that is unambiguous: Spring binds "90" as a string and YAML lists
     * under a map as index-keyed maps.
     */
    static Object coerce(Object def, Object v) {
        if (def == null || v == null) return v;
        if (v instanceof Map<?, ?> m && def instanceof List<?> && m.keySet().stream().allMatch(k -> String.valueOf(k).matches("\\d+"))) {
            return m.entrySet().stream().sorted(Comparator.comparingInt(e -> Integer.parseInt(String.valueOf(e.getKey()))))
                    .map(e -> (Object) e.getValue()).toList();
        }
        if (v instanceof Integer i) return i.longValue();
        if (v instanceof String s) {
            if (def instanceof Long && s.strip().matches("-?\\d+")) return Long.parseLong(s.strip());
            if (def instanceof Double && s.strip().matches("-?\\d+(\\.\\d+)?")) return Double.parseDouble(s.strip());
            if (def instanceof Boolean && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) return Boolean.parseBoolean(s);
        }
        return v;
    }

    static CelType celType(Object v) {
        if (v instanceof Long || v instanceof Integer) return SimpleType.INT;
        if (v instanceof Double) return SimpleType.DOUBLE;
        if (v instanceof Boolean) return SimpleType.BOOL;
        if (v instanceof List<?> l) return ListType.create(l.isEmpty() ? SimpleType.DYN : celType(l.get(0)));
        if (v instanceof Map<?, ?>) return MapType.create(SimpleType.STRING, SimpleType.DYN);
        return SimpleType.STRING;
    }

    private static List<RuleFile> directoryFiles(Path dir) {
        if (!Files.isDirectory(dir)) throw new ConfigurationException(dir + ": rules directory not found");
        try (Stream<Path> walk = Files.walk(dir)) {
            List<RuleFile> out = new ArrayList<>();
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (isRuleSetFile(rel)) out.add(new RuleFile(rel, p.toString(), Files.readString(p)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<RuleFile> bundledFiles() {
        try {
            Resource[] found = new PathMatchingResourcePatternResolver().getResources("classpath*:" + BUNDLED_ROOT + "/**/*.yaml");
            TreeMap<String, RuleFile> out = new TreeMap<>();
            for (Resource r : found) {
                String url = r.getURL().toString();
                int at = url.lastIndexOf(BUNDLED_ROOT + "/");
                String rel = url.substring(at + BUNDLED_ROOT.length() + 1);
                if (!isRuleSetFile(rel)) continue;
                try (InputStream in = r.getInputStream()) {
                    out.put(rel, new RuleFile(rel, "rules/" + rel, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
            return List.copyOf(out.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRuleSetFile(String rel) {
        String[] parts = rel.split("/");
        return (parts.length == 3 && (parts[2].equals("rule.yaml") || (parts[0].equals(ACTIVITY) && parts[2].equals(DETECTOR_FILE))))
                || (parts.length == 2 && parts[0].equals("frameworks") && parts[1].endsWith(".yaml"));
    }

    static String digest(List<RuleFile> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            files.stream().sorted(Comparator.comparing(RuleFile::relativePath)).forEach(f -> {
                md.update(f.relativePath().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(f.content().replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            });
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
