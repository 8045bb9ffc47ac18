package io.kvaudit.ops;

import io.kvaudit.cli.KvauditCommand;
import io.kvaudit.gate.Gate;
import io.kvaudit.report.JUnitWriter;
import io.kvaudit.report.SarifWriter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.kvaudit.ops.ExampleYaml.at;
import static io.kvaudit.ops.ExampleYaml.find;
import static io.kvaudit.ops.ExampleYaml.map;
import static io.kvaudit.ops.ExampleYaml.maps;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI gate examples of docs/ci.md (docs/examples/github-actions, docs/examples/azure-pipelines) have the steps the
 * page says they have, in an order that works: sign-in right before the scan, the reports published whatever the
 * verdict, the baseline kept only when the gate passed, and the files the later steps read are the ones kvaudit writes.
 * The shell of the scan steps is run by {@link OpsGateLifecycleTest}; the options by {@link OpsInvocationsTest}.
 */
class OpsCiExamplesTest {

    static final String BASELINE = "kvaudit-baseline/results.json";

    @Test
    void gitHubActions() {
        Map<String, Object> wf = ExampleYaml.single(ExampleYaml.GITHUB);
        assertThat(map(at(wf, "permissions"), "permissions")).containsEntry("id-token", "write")
                .containsEntry("contents", "read").containsEntry("security-events", "write");
        // YAML 1.1 reads the key "on" as true, as SnakeYAML does; GitHub reads it as "on"
        Map<String, Object> on = map(wf.containsKey("on") ? wf.get("on") : ((Map<?, ?>) wf).get(Boolean.TRUE), "on");
        assertThat(on).containsKeys("schedule", "workflow_dispatch");
        assertThat(at(on, "workflow_dispatch", "inputs", "accept_current_findings", "type")).isEqualTo("boolean");

        Map<String, Object> job = map(at(wf, "jobs", "scan"), "jobs.scan");
        List<Map<String, Object>> steps = maps(at(job, "steps"), "steps");
        int checkout = index(steps, "checkout", s -> uses(s, "actions/checkout@"));
        int java = index(steps, "java", s -> uses(s, "actions/setup-java@"));
        assertThat(String.valueOf(at(steps.get(java), "with", "java-version"))).isEqualTo("17");
        int build = index(steps, "build", s -> String.valueOf(s.get("run")).contains("./mvnw -B -DskipTests package"));
        int restore = index(steps, "restore", s -> uses(s, "actions/cache/restore@"));
        int login = index(steps, "login", s -> uses(s, "azure/login@"));
        int scan = index(steps, "scan", s -> !KvauditInvocations.inScript("run", String.valueOf(s.get("run"))).isEmpty());
        int sarif = index(steps, "sarif", s -> uses(s, "github/codeql-action/upload-sarif@"));
        int artifact = index(steps, "artifact", s -> uses(s, "actions/upload-artifact@"));
        int keep = index(steps, "keep", s -> String.valueOf(s.get("run")).contains("cp kvaudit-out/results.json " + BASELINE));
        int save = index(steps, "save", s -> uses(s, "actions/cache/save@"));
        assertThat(List.of(checkout, java, build, restore, login, scan)).isSorted();
        assertThat(login).as("azure/login right before the scan: its federated token lives minutes").isEqualTo(scan - 1);
        assertThat(map(at(steps.get(login), "with"), "azure/login with")).containsOnlyKeys("client-id", "tenant-id", "subscription-id");

        KvauditInvocations.Invocation inv = KvauditInvocations.inScript("scan step", (String) steps.get(scan).get("run")).get(0);
        assertThat(inv.args().get(0)).isEqualTo("scan");
        assertThat(inv.valueOf("--auth")).as("azure/login signs in the Azure CLI").isEqualTo("azure-cli");
        assertThat(inv.valueOf("--format").split(",")).contains("sarif", "junit", "html", "json");
        assertThat(inv.options()).contains("--baseline", "--fail-on");
        String out = inv.valueOf("--out");
        String failOn = String.valueOf(at(job, "env", "FAIL_ON"));
        assertThat(failOn).contains("'high'", "'none'", "inputs.accept_current_findings");

        assertThat(sarif).isGreaterThan(scan);
        assertThat(at(steps.get(sarif), "with", "sarif_file")).isEqualTo(out + "/" + SarifWriter.FILE);
        assertThat(String.valueOf(steps.get(sarif).get("if"))).contains("!cancelled()");
        assertThat(artifact).isGreaterThan(scan);
        assertThat(String.valueOf(at(steps.get(artifact), "with", "path"))).startsWith(out);
        assertThat(String.valueOf(steps.get(artifact).get("if"))).contains("!cancelled()");

        // the baseline: restored before the scan, kept after it only when every step before succeeded
        assertThat(List.of(scan, keep, save)).isSorted();
        assertThat(steps.get(keep)).doesNotContainKey("if");
        assertThat(steps.get(save)).doesNotContainKey("if");
        assertThat(at(steps.get(restore), "with", "path")).isEqualTo(BASELINE);
        assertThat(at(steps.get(save), "with", "path")).isEqualTo(BASELINE);
        assertThat(String.valueOf(at(steps.get(save), "with", "key")))
                .startsWith(String.valueOf(at(steps.get(restore), "with", "restore-keys")))
                .isEqualTo(at(steps.get(restore), "with", "key"));
        assertThat((String) steps.get(scan).get("run")).contains("[ -f " + BASELINE + " ]");
    }

    @Test
    void azurePipelines() {
        Map<String, Object> p = ExampleYaml.single(ExampleYaml.AZURE_PIPELINES);
        assertThat(at(p, "parameters", 0, "name")).isEqualTo("acceptCurrentFindings");
        assertThat(at(p, "parameters", 0, "type")).isEqualTo("boolean");
        assertThat(String.valueOf(at(p, "variables", "failOn"))).contains("parameters.acceptCurrentFindings", "'none'", "'high'");
        assertThat(at(p, "schedules", 0, "always")).isEqualTo(true);

        List<Map<String, Object>> steps = maps(at(p, "steps"), "steps");
        int java = index(steps, "java", s -> task(s, "JavaToolInstaller@"));
        assertThat(String.valueOf(at(steps.get(java), "inputs", "versionSpec"))).isEqualTo("17");
        int build = index(steps, "build", s -> String.valueOf(s.get("script")).contains("./mvnw -B -DskipTests package"));
        int restore = index(steps, "restore", s -> task(s, "DownloadPipelineArtifact@2"));
        int scan = index(steps, "scan", s -> task(s, "AzureCLI@2"));
        int junit = index(steps, "junit", s -> task(s, "PublishTestResults@2"));
        int report = index(steps, "report", s -> task(s, "PublishPipelineArtifact@1") && "kvaudit-report".equals(find(s, "inputs", "artifact")));
        int keep = index(steps, "keep", s -> task(s, "PublishPipelineArtifact@1") && "kvaudit-baseline".equals(find(s, "inputs", "artifact")));
        assertThat(List.of(java, build, restore, scan)).isSorted();

        Map<String, Object> cli = map(at(steps.get(scan), "inputs"), "AzureCLI@2 inputs");
        assertThat(cli).containsKey("azureSubscription").containsEntry("scriptType", "bash").containsEntry("scriptLocation", "inlineScript");
        List<KvauditInvocations.Invocation> invs = KvauditInvocations.inScript("AzureCLI@2", (String) cli.get("inlineScript"));
        assertThat(invs).hasSize(1);
        KvauditInvocations.Invocation inv = invs.get(0);
        assertThat(inv.args().get(0)).isEqualTo("scan");
        assertThat(inv.valueOf("--auth")).as("AzureCLI@2 signs in the Azure CLI").isEqualTo("azure-cli");
        assertThat(inv.valueOf("--format").split(",")).contains("sarif", "junit", "html", "json");
        assertThat(inv.valueOf("--fail-on")).isEqualTo("$(failOn)");
        assertThat(inv.options()).contains("--baseline");
        String out = inv.valueOf("--out");

        // the baseline: the previous (partially) succeeded run's artifact; the first run has none and goes on
        Map<String, Object> download = map(at(steps.get(restore), "inputs"), "DownloadPipelineArtifact@2 inputs");
        assertThat(steps.get(restore)).containsEntry("continueOnError", true);
        assertThat(download).containsEntry("buildType", "specific").containsEntry("definition", "$(System.DefinitionId)")
                .containsEntry("artifactName", "kvaudit-baseline").containsEntry("allowPartiallySucceededBuilds", true);
        assertThat((String) cli.get("inlineScript")).contains("[ -f \"" + download.get("targetPath") + "/results.json\" ]");
        assertThat(keep).isGreaterThan(scan);
        assertThat(steps.get(keep)).as("kept only when the gate passed").doesNotContainKey("condition");
        assertThat(at(steps.get(keep), "inputs", "targetPath")).isEqualTo(out + "/results.json");

        // the reports, whatever the verdict; the JUnit file does not fail the run (the exit code does, baseline applied)
        assertThat(junit).isGreaterThan(scan);
        assertThat(steps.get(junit)).containsEntry("condition", "succeededOrFailed()");
        assertThat(map(at(steps.get(junit), "inputs"), "PublishTestResults@2 inputs")).containsEntry("testResultsFormat", "JUnit")
                .containsEntry("testResultsFiles", out + "/" + JUnitWriter.FILE).containsEntry("failTaskOnFailedTests", false);
        assertThat(report).isGreaterThan(scan);
        assertThat(steps.get(report)).containsEntry("condition", "succeededOrFailed()");
        assertThat(at(steps.get(report), "inputs", "targetPath")).isEqualTo(out);
    }

    /** docs/ci.md's exit codes are kvaudit's: the gate's constants and the meanings its --help prints. */
    @Test
    void theExitCodeTableIsKvaudits() {
        Map<Integer, String> help = new java.util.TreeMap<>();
        String footer = String.join(" ", KvauditCommand.class.getAnnotation(picocli.CommandLine.Command.class).footer());
        Matcher f = Pattern.compile("(\\d) ([a-z ]+?)[,.]").matcher(footer.substring(footer.indexOf("Exit codes:")));
        while (f.find()) help.put(Integer.parseInt(f.group(1)), f.group(2));
        assertThat(help).containsOnlyKeys(Gate.PASSED, Gate.INTERNAL_ERROR, Gate.USAGE, Gate.FAILED, Gate.INCOMPLETE);
        String ci = ExampleYaml.read(Path.of("docs/ci.md"));
        Map<Integer, String> table = new java.util.TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d) \\| ([^|]+) \\|").matcher(ci);
        while (row.find()) table.put(Integer.parseInt(row.group(1)), row.group(2));
        assertThat(table).containsOnlyKeys(help.keySet());
        help.forEach((code, meaning) -> assertThat(table.get(code)).as("exit %d", code).contains(meaning));
    }

    static boolean uses(Map<String, Object> step, String action) {
        return String.valueOf(step.get("uses")).startsWith(action);
    }

    static boolean task(Map<String, Object> step, String task) {
        return String.valueOf(step.get("task")).startsWith(task);
    }

    /** The index of the one step that matches. */
    static int index(List<Map<String, Object>> steps, String what, Predicate<Map<String, Object>> which) {
        List<Integer> found = IntStream.range(0, steps.size()).filter(i -> which.test(steps.get(i))).boxed().toList();
        assertThat(found).as("the steps that are the '" + what + "' step (indexes)").hasSize(1);
        return found.get(0);
    }
}
