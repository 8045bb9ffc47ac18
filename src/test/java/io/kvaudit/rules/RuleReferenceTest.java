package io.kvaudit.rules;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/rules.md is generated from rules/; this keeps the committed copy in step with the rule files. */
class RuleReferenceTest {

    @Test
    void theCommittedRuleReferenceMatchesTheRuleFiles() throws IOException {
        String generated = RuleReference.document(RuleSetLoader.load(Path.of("rules"), RuleOverrides.none()));
        assertThat(Files.readString(Path.of("docs/rules.md")))
                .as("docs/rules.md is stale: regenerate it with ./kvaudit rules docs --rules rules --out docs/rules.md")
                .isEqualTo(generated);
    }
}
