package io.kvaudit.rules;

/** A file of the rule set: its path relative to the rules root ("vault/x/rule.yaml"), the path shown to people, its text. */
public record RuleFile(String relativePath, String displayPath, String content) {}
