package io.kvaudit.ops;

import io.kvaudit.ops.KvauditInvocations.Invocation;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every YAML file under docs/examples/ parses, and every kvaudit command line in them, in the Dockerfile and in the
 * code of docs/ci.md and docs/scheduling.md parses with kvaudit's own picocli model: renaming or removing an option,
 * or a value it no longer accepts, fails here.
 */
class OpsInvocationsTest {

    static final List<Path> DOCS = List.of(Path.of("docs/ci.md"), Path.of("docs/scheduling.md"));

    @Test
    void everyExampleIsValidYaml() {
        assertThat(ExampleYaml.files()).contains(ExampleYaml.GITHUB, ExampleYaml.AZURE_PIPELINES, ExampleYaml.KUBERNETES,
                ExampleYaml.CONTAINER_APPS);
        for (Path f : ExampleYaml.files()) assertThat(ExampleYaml.documents(f)).as(f.toString()).isNotEmpty().doesNotContainNull();
    }

    @Test
    void everyKvauditCommandInTheExamplesParses() {
        List<String> refused = new ArrayList<>();
        for (Path f : ExampleYaml.files()) {
            List<Invocation> found = new ArrayList<>();
            for (Object doc : ExampleYaml.documents(f)) collect(f.toString(), doc, found);
            assertThat(found).as(f + ": kvaudit command lines found").isNotEmpty();
            for (Invocation inv : found) check(inv, refused);
        }
        assertThat(refused).isEmpty();
    }

    @Test
    void everyKvauditCommandInTheDocsParses() {
        List<String> refused = new ArrayList<>();
        for (Path doc : DOCS) {
            List<Invocation> found = new ArrayList<>();
            for (String block : KvauditInvocations.fencedCode(ExampleYaml.read(doc)))
                found.addAll(KvauditInvocations.inScript(doc.toString(), block));
            assertThat(found).as(doc + ": kvaudit command lines found").isNotEmpty();
            for (Invocation inv : found) check(inv, refused);
        }
        assertThat(refused).isEmpty();
    }

    @Test
    void theDockerfilesKvauditCommandsParse() {
        Dockerfile d = Dockerfile.read();
        List<Invocation> found = new ArrayList<>();
        for (String run : d.all("RUN")) found.addAll(KvauditInvocations.inScript("Dockerfile RUN", run));
        assertThat(found).as("the training run").hasSize(1);
        List<String> entry = d.entrypoint();
        List<String> cmd = KvauditInvocations.words(d.last("CMD").replaceAll("[\\[\\],]", " "));
        found.add(new Invocation("Dockerfile ENTRYPOINT + CMD", cmd));
        assertThat(entry.get(entry.size() - 2)).isEqualTo("-jar");
        assertThat(entry.get(entry.size() - 1)).endsWith("/kvaudit.jar");
        List<String> refused = new ArrayList<>();
        for (Invocation inv : found) check(inv, refused);
        assertThat(refused).isEmpty();
    }

    /** The check itself: what a renamed option, a wrong value or a lost --baseline look like to it. */
    @Test
    void theCheckCatchesWhatItIsFor() {
        List<Invocation> script = KvauditInvocations.inScript("t", """
                # kvaudit scan --not-this-one
                java -XX:+UseParallelGC -jar target/kvaudit.jar scan --auth azure-cli \\
                  --out "$(kvauditOut)" --fail-on "$FAIL_ON" ${BASELINE:+--baseline "$BASELINE"} | tee log
                java -Djarmode=tools -jar kvaudit.jar extract --destination x
                ./kvaudit rules list > rules.txt
                """);
        assertThat(script).hasSize(2);
        assertThat(script.get(0).args()).containsExactly("scan", "--auth", "azure-cli", "--out", "$(kvauditOut)",
                "--fail-on", "$FAIL_ON", "--baseline", "$BASELINE");
        assertThat(script.get(1).args()).containsExactly("rules", "list");
        for (Invocation inv : script) KvauditInvocations.check(inv);

        // a lone variable where no option's value stands is words the script built ($SUBS): left out, not a positional
        KvauditInvocations.check(new Invocation("t", List.of("snapshot", "export", "--out", "$OUT", "$SUBS")));
        assertThatThrownBy(() -> KvauditInvocations.check(new Invocation("t", List.of("snapshot", "export", "--out", "x", "$SUBS", "--subscriptionn", "y"))))
                .hasMessageContaining("--subscriptionn");
        assertThatThrownBy(() -> KvauditInvocations.check(new Invocation("t", List.of("scan", "--fail-onn", "high"))))
                .hasMessageContaining("--fail-onn");
        assertThatThrownBy(() -> KvauditInvocations.check(new Invocation("t", List.of("scan", "--fail-on", "severe"))))
                .hasMessageContaining("severe");
        assertThatThrownBy(() -> KvauditInvocations.check(new Invocation("t", List.of("scan", "--auth", "workload"))))
                .hasMessageContaining("--auth workload");
        assertThatThrownBy(() -> KvauditInvocations.check(new Invocation("t", List.of("scan", "--format", "html,xml"))))
                .hasMessageContaining("xml");
        assertThatThrownBy(() -> KvauditInvocations.check(new Invocation("t", List.of("rules", "--out", "x"))))
                .hasMessageContaining("kvaudit refuses it");
        assertThatThrownBy(() -> KvauditInvocations.check(new Invocation("t", List.of())))
                .hasMessageContaining("names no command");
    }

    /** Shell scripts (GitHub's run, Azure Pipelines' script and inlineScript) and the args of kvaudit containers. */
    static void collect(String file, Object node, List<Invocation> found) {
        if (node instanceof Map<?, ?> m) {
            for (String key : List.of("run", "script", "inlineScript"))
                if (m.get(key) instanceof String s) found.addAll(KvauditInvocations.inScript(file + " " + key, s));
            if (String.valueOf(m.get("image")).contains("kvaudit") && m.get("args") instanceof List<?> args) {
                // command: [/bin/sh, -c] makes args[0] a shell script (kvaudit-collect-indexed-job.yaml); else args are kvaudit's
                if (m.get("command") instanceof List<?> cmd && cmd.contains("-c") && !args.isEmpty())
                    found.addAll(KvauditInvocations.inScript(file + " " + m.get("name") + " script", String.valueOf(args.get(0))));
                else found.add(KvauditInvocations.ofArgs(file + " " + m.get("name") + " args", args));
            }
            for (Object v : m.values()) collect(file, v, found);
        } else if (node instanceof List<?> l) {
            for (Object v : l) collect(file, v, found);
        }
    }

    static void check(Invocation inv, List<String> refused) {
        try {
            KvauditInvocations.check(inv);
        } catch (AssertionError e) {
            refused.add(e.getMessage());
        }
    }
}
