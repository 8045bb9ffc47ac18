package io.kvaudit.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML node that knows its file and line:column, so configuration errors read
 * "rules/secret/x/rule.yaml:7:12: severity: expected one of critical, high, medium, low, info, found \"hgih\"".
 */
public final class YamlNode {

    private final Node node;
    private final String file;
    private final String path;
    private final Mark parentMark;

    private YamlNode(Node node, String file, String path, Mark parentMark) {
        this.node = node;
        this.file = file;
        this.path = path;
        this.parentMark = parentMark;
    }

    /** Parses one YAML document; a syntax error names the file, line and column. */
    public static YamlNode parse(String text, String file) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Node root = new Yaml(options).compose(new StringReader(text));
            return new YamlNode(root, file, "", null);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            String where = m == null ? "" : ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            // the context says what was left open ("while parsing a flow sequence"), often lines above the problem
            Mark c = e.getContextMark();
            String context = e.getContext() == null ? "" : " (" + e.getContext()
                    + (c == null ? "" : " at " + (c.getLine() + 1) + ":" + (c.getColumn() + 1)) + ")";
            throw new ConfigurationException(file + where + ": not valid YAML: " + e.getProblem() + context);
        } catch (RuntimeException e) {
            throw new ConfigurationException(file + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    public String file() { return file; }

    public boolean isMissing() { return node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL)); }

    public boolean isMapping() { return node instanceof MappingNode; }

    public boolean isSequence() { return node instanceof SequenceNode; }

    /** "file:line:col" of this node (or of its parent when absent). */
    public String location() {
        Mark m = node != null ? node.getStartMark() : parentMark;
        return m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
    }

    /** 1-based line and column of this node's start. */
    public int line() { return node == null ? 0 : node.getStartMark().getLine() + 1; }

    public int column() { return node == null ? 0 : node.getStartMark().getColumn() + 1; }

    /** The scalar style character: '"', '\'', '|', '>' or 0 for plain. */
    public char scalarStyle() {
        return node instanceof ScalarNode s && s.getScalarStyle().getChar() != null ? s.getScalarStyle().getChar() : 0;
    }

    public ConfigurationException error(String message) {
        return new ConfigurationException(location() + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    public YamlNode requireMapping(String what) {
        if (!isMapping()) throw error("expected " + what + " (a mapping of keys to values)" + found());
        return this;
    }

    public YamlNode get(String key) {
        if (!(node instanceof MappingNode m)) return new YamlNode(null, file, child(key), node == null ? parentMark : node.getStartMark());
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
                return new YamlNode(t.getValueNode(), file, child(key), t.getKeyNode().getStartMark());
        }
        return new YamlNode(null, file, child(key), m.getStartMark());
    }

    /** "file:line:col" of one of this mapping's keys: where an unknown key is reported (its value may be far below). */
    public String keyLocation(String key) {
        if (node instanceof MappingNode m)
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    Mark mark = k.getStartMark();
                    return file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
                }
            }
        return location();
    }

    /**
     * Rejects a key given twice in any mapping of this tree. Composing a document does not (only constructing Java
     * objects from it does), and Spring would refuse the file with a page of stack trace.
     */
    public void requireUniqueKeys() { requireUniqueKeys(node, Collections.newSetFromMap(new IdentityHashMap<>())); }

    private void requireUniqueKeys(Node n, Set<Node> visited) {
        if (!visited.add(n)) return;             // an alias: its node was checked where the anchor is
        if (n instanceof SequenceNode s) s.getValue().forEach(v -> requireUniqueKeys(v, visited));
        if (!(n instanceof MappingNode m)) return;
        Map<String, Mark> seen = new HashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                Mark first = seen.putIfAbsent(k.getValue(), k.getStartMark());
                if (first != null) {
                    Mark again = k.getStartMark();
                    throw new ConfigurationException(file + ":" + (again.getLine() + 1) + ":" + (again.getColumn() + 1)
                            + ": duplicate key " + k.getValue() + " (first at line " + (first.getLine() + 1) + ")");
                }
            }
            requireUniqueKeys(t.getValueNode(), visited);
        }
    }

    public List<String> keys() {
        List<String> out = new ArrayList<>();
        if (node instanceof MappingNode m)
            for (NodeTuple t : m.getValue()) if (t.getKeyNode() instanceof ScalarNode k) out.add(k.getValue());
        return out;
    }

    /** Rejects keys outside the allowed set, so a misspelt key is an error rather than silently ignored. */
    public void allowOnly(Set<String> allowed) {
        for (String k : keys()) {
            if (!allowed.contains(k)) throw get(k).error("unknown key \"" + k + "\"; expected one of " + String.join(", ", allowed));
        }
    }

    public String text() {
        if (isMissing()) return null;
        if (!(node instanceof ScalarNode s)) throw error("expected a text value" + found());
        return s.getValue();
    }

    public String requiredText() {
        String t = text();
        if (t == null || t.isBlank()) throw error("required; expected a text value" + found());
        return t;
    }

    public List<YamlNode> elements() {
        if (isMissing()) return List.of();
        if (!(node instanceof SequenceNode s)) throw error("expected a list" + found());
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) out.add(new YamlNode(s.getValue().get(i), file, path + "[" + i + "]", s.getStartMark()));
        return out;
    }

    public List<String> stringList() {
        return elements().stream().map(YamlNode::requiredText).toList();
    }

    /** A plain Java value: String, Long, Double, Boolean, List or Map (for params and fixture bodies). */
    public Object toValue() {
        if (isMissing()) return null;
        if (node instanceof ScalarNode s) {
            Tag tag = s.getTag();
            String v = s.getValue();
            if (tag.equals(Tag.INT)) return Long.parseLong(v.replace("_", ""));
            if (tag.equals(Tag.FLOAT)) return Double.parseDouble(v);
            if (tag.equals(Tag.BOOL)) return Boolean.parseBoolean(v.toLowerCase());
            return v;
        }
        if (node instanceof SequenceNode) return elements().stream().map(YamlNode::toValue).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : keys()) out.put(k, get(k).toValue());
        return out;
    }

    private String child(String key) { return path.isEmpty() ? key : path + "." + key; }

    private String found() {
        if (node == null) return ", found nothing";
        if (node instanceof ScalarNode s) return ", found \"" + s.getValue() + "\"";
        return node instanceof SequenceNode ? ", found a list" : ", found a mapping";
    }
}
