package io.kvaudit.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code --config} file, checked before Spring starts. Spring alone would skip a missing file, ignore a key it does
 * not know ({@code rules.disabel}), accept {@code threads: -5} and answer a YAML syntax error with a stack trace; here
 * each is one line naming the file, the line:column and the key, and exit 2 before anything runs.
 */
public final class ConfigFile {

    private ConfigFile() {}

    /** Checks the file and returns its path, for Spring to read the same file. */
    public static Path check(String option, String file) {
        Path path = InputPath.file(option, file, "configuration file");
        // Spring takes the location as a comma-separated list with ${...} placeholders: such a path names another file
        String absolute = path.toAbsolutePath().toString();
        if (absolute.contains(",") || absolute.contains("${"))
            throw new ConfigurationException(option + " " + file + ": a path with ',' or '${' cannot be handed to Spring "
                    + "as it is; rename the file or its directory, or link to it");
        String text;
        try {
            text = Files.readString(path);
        } catch (CharacterCodingException e) {
            throw new ConfigurationException(option + " " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigurationException(option + " " + file + ": cannot be read: " + e.getMessage());
        }
        YamlNode root = YamlNode.parse(text, file);
        if (root.isMissing()) return path;      // an empty file configures nothing
        root.requireUniqueKeys();
        if (!root.isMapping())
            throw root.error("expected a mapping with kvaudit: (and spring:, logging:) at the top; found " + found(root));
        walk(root, ConfigKeys.ROOT, "");
        return path;
    }

    private static void walk(YamlNode node, ConfigKeys.Shape shape, String name) {
        if (node.isMissing()) return;           // an empty key leaves the default
        if (shape instanceof ConfigKeys.Section section) {
            if (!node.isMapping()) throw error(node, name, "expected a mapping of " + section.known() + ", found " + found(node));
            for (String key : node.keys()) walkKey(node, key, section, name);
        } else if (shape instanceof ConfigKeys.Entries entries) {
            if (!node.isMapping()) throw error(node, name, "expected a mapping, found " + found(node));
            // a dotted key (secret-not-rotated.maxAgeDays: 90) reaches into an entry; the rule's params check it
            for (String key : node.keys()) if (!key.contains(".")) walk(node.get(key), entries.each(), name + "." + key);
        } else if (shape instanceof ConfigKeys.Mapping mapping) {
            if (!node.isMapping()) throw error(node, name, "expected " + mapping.expected() + ", found " + found(node));
        } else if (shape instanceof ConfigKeys.Scalar scalar) {
            if (node.isMapping() || node.isSequence()) throw error(node, name, "expected a single value, found " + found(node));
            String problem = scalar.problem().apply(node.text());
            if (problem != null) throw error(node, name, problem);
        } else if (shape instanceof ConfigKeys.ScalarList) {
            if (node.isMapping()) throw error(node, name, "expected a list, found " + found(node));
            for (YamlNode item : node.isSequence() ? node.elements() : List.<YamlNode>of())
                if (item.isMapping() || item.isSequence()) throw error(item, name, "expected a list of names, found " + found(item));
        }
        // ConfigKeys.Anything: Spring's own keys, not kvaudit's to check
    }

    /**
     * One key of a section. Spring reads a dotted key as nested keys ({@code live.max-in-flight: 8} under kvaudit) and
     * {@code enable[0]} as a list element, so both are followed the same way.
     */
    private static void walkKey(YamlNode mapping, String key, ConfigKeys.Section section, String name) {
        ConfigKeys.Shape shape = section;
        String full = name;
        boolean indexed = false;
        for (String part : key.split("\\.", -1)) {
            int bracket = part.indexOf('[');
            String bare = bracket >= 0 ? part.substring(0, bracket) : part;
            indexed = bracket >= 0;
            full = full.isEmpty() ? bare : full + "." + bare;
            if (shape instanceof ConfigKeys.Anything || shape instanceof ConfigKeys.Entries || shape instanceof ConfigKeys.Mapping) return;
            ConfigKeys.Shape child = shape instanceof ConfigKeys.Section s ? s.find(bare) : null;
            if (child == null)
                throw new ConfigurationException(mapping.keyLocation(key) + ": unknown key " + full + (shape instanceof ConfigKeys.Section s
                        ? " (known: " + s.known() + ")" : " (" + full.substring(0, full.lastIndexOf('.')) + " takes a value, not keys)"));
            shape = child;
        }
        if (!indexed) walk(mapping.get(key), shape, full);
    }

    private static ConfigurationException error(YamlNode node, String name, String message) {
        return new ConfigurationException(node.location() + ": " + name + ": " + message);
    }

    private static String found(YamlNode node) {
        if (node.isMapping()) return "a mapping";
        if (node.isSequence()) return "a list";
        return "\"" + node.text() + "\"";
    }
}
