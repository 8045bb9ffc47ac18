package io.kvaudit.ops;

import io.kvaudit.cli.Cli;
import io.kvaudit.cli.TempDirs;
import io.kvaudit.cli.TinyTenant;
import io.kvaudit.gate.Gate;
import io.kvaudit.report.JUnitWriter;
import io.kvaudit.report.SarifWriter;
import io.kvaudit.report.human.HumanReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.kvaudit.ops.ExampleYaml.at;
import static io.kvaudit.ops.ExampleYaml.find;
import static io.kvaudit.ops.ExampleYaml.map;
import static io.kvaudit.ops.ExampleYaml.maps;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The baseline cycle docs/ci.md describes, run with the examples' own shell: each CI run's scan step is executed by
 * bash with a stand-in {@code java} that records the arguments it was given, and those arguments then run kvaudit
 * in-process against a small snapshot instead of live Azure ({@code --auth} swapped for {@code --snapshot}). A first
 * run without a baseline fails the gate on every high finding; a run a person accepts ({@code --fail-on none})
 * passes and its results.json is kept; the next run passes the kept file as {@code --baseline} and passes; a new
 * finding fails it. GitHub Actions, Azure Pipelines and Azure themselves are not run here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsGateLifecycleTest {

    static final String AS_OF = "2026-11-20T06:00:00Z";

    Path tmp, tenant, tenantWithANewFinding, fakeJava;
    int runs;

    @BeforeAll
    void setUp() throws IOException {
        tmp = Files.createTempDirectory("kvaudit-ops-gate");
        tenant = TinyTenant.write(tmp.resolve("tenant"));
        tenantWithANewFinding = TinyTenant.write(tmp.resolve("tenant-new-finding"));
        TinyTenant.put(tenantWithANewFinding, "subscriptions/" + TinyTenant.SUB + "/vaults.json", "{\"value\":["
                + TinyTenant.vault("kv-bad", false) + "," + TinyTenant.vault("kv-good", true) + "," + TinyTenant.vault("kv-new", false) + "]}");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        fakeJava = bin.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$KVAUDIT_ARGV\"\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    void cleanUp() {
        TempDirs.delete(tmp);
    }

    @Test
    void gitHubActions() throws Exception {
        Map<String, Object> job = map(at(ExampleYaml.single(ExampleYaml.GITHUB), "jobs", "scan"), "job");
        List<Map<String, Object>> steps = maps(at(job, "steps"), "steps");
        String scan = script(steps, "kvaudit scan", "run"), keep = script(steps, "Keep results.json as the next baseline", "run");
        String baseline = (String) at(steps.stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/cache/save@"))
                .findFirst().orElseThrow(), "with", "path");
        Path cache = tmp.resolve("github-cache/results.json");

        // the first run: nothing restored, so every high finding gates
        Path work = workspace("github-1");
        List<String> argv = bash(scan, work, Map.of("FAIL_ON", "high"));
        assertThat(argv).doesNotContain("--baseline");
        Cli.Run first = kvaudit(argv, work, tenant);
        assertThat(first.exit()).as(first.toString()).isEqualTo(Gate.FAILED);
        Path out = work.resolve(value(argv, "--out"));
        // what the upload steps read is there, and the baseline step's input too
        for (String f : List.of(SarifWriter.FILE, JUnitWriter.FILE, HumanReport.HTML, "results.json"))
            assertThat(out.resolve(f)).isRegularFile();

        // a person accepts the current findings (workflow_dispatch): the gate passes, results.json is kept
        work = workspace("github-2");
        argv = bash(scan, work, Map.of("FAIL_ON", "none"));
        Cli.Run accepted = kvaudit(argv, work, tenant);
        assertThat(accepted.exit()).as(accepted.toString()).isEqualTo(Gate.PASSED);
        bash(keep, work, Map.of());
        save(work.resolve(baseline), cache);

        // the next run restores it: the same findings pass, a new one fails
        work = workspace("github-3");
        restore(cache, work.resolve(baseline));
        argv = bash(scan, work, Map.of("FAIL_ON", "high"));
        assertThat(value(argv, "--baseline")).isEqualTo(baseline);
        Cli.Run known = kvaudit(argv, work, tenant);
        assertThat(known.exit()).as(known.toString()).isEqualTo(Gate.PASSED);

        work = workspace("github-4");
        restore(cache, work.resolve(baseline));
        argv = bash(scan, work, Map.of("FAIL_ON", "high"));
        Cli.Run fresh = kvaudit(argv, work, tenantWithANewFinding);
        assertThat(fresh.exit()).as(fresh.toString()).isEqualTo(Gate.FAILED);
        assertThat(fresh.out()).contains("un-excepted FAIL result(s) at or above high");
    }

    @Test
    void azurePipelines() throws Exception {
        Map<String, Object> pipeline = ExampleYaml.single(ExampleYaml.AZURE_PIPELINES);
        List<Map<String, Object>> steps = maps(at(pipeline, "steps"), "steps");
        Map<String, Object> cli = steps.stream().filter(s -> "AzureCLI@2".equals(s.get("task"))).findFirst().orElseThrow();
        Map<String, Object> download = steps.stream().filter(s -> "DownloadPipelineArtifact@2".equals(s.get("task"))).findFirst().orElseThrow();
        Map<String, Object> keep = steps.stream().filter(s -> "kvaudit-baseline".equals(find(s, "inputs", "artifact"))).findFirst().orElseThrow();
        Path artifact = tmp.resolve("ado-artifact/results.json");

        Path work = workspace("ado-1");
        Map<String, String> vars = variables(pipeline, work, "high");
        String scan = expand((String) at(cli, "inputs", "inlineScript"), vars);
        List<String> argv = bash(scan, work, Map.of());
        assertThat(argv).doesNotContain("--baseline");
        Cli.Run first = kvaudit(argv, work, tenant);
        assertThat(first.exit()).as(first.toString()).isEqualTo(Gate.FAILED);
        assertThat(Path.of(expand((String) at(steps.stream().filter(s -> "PublishTestResults@2".equals(s.get("task")))
                .findFirst().orElseThrow(), "inputs", "testResultsFiles"), vars))).isRegularFile();

        work = workspace("ado-2");
        vars = variables(pipeline, work, "none");
        argv = bash(expand((String) at(cli, "inputs", "inlineScript"), vars), work, Map.of());
        Cli.Run accepted = kvaudit(argv, work, tenant);
        assertThat(accepted.exit()).as(accepted.toString()).isEqualTo(Gate.PASSED);
        save(Path.of(expand((String) at(keep, "inputs", "targetPath"), vars)), artifact);

        work = workspace("ado-3");
        vars = variables(pipeline, work, "high");
        restore(artifact, Path.of(expand((String) at(download, "inputs", "targetPath"), vars)).resolve("results.json"));
        argv = bash(expand((String) at(cli, "inputs", "inlineScript"), vars), work, Map.of());
        assertThat(argv).contains("--baseline");
        Cli.Run known = kvaudit(argv, work, tenant);
        assertThat(known.exit()).as(known.toString()).isEqualTo(Gate.PASSED);
    }

    /** The pipeline's variables with the agent's own, for one run in {@code work}; failOn as a run would resolve it. */
    Map<String, String> variables(Map<String, Object> pipeline, Path work, String failOn) {
        Map<String, String> v = new HashMap<>();
        map(at(pipeline, "variables"), "variables").forEach((k, x) -> v.put(k, String.valueOf(x)));
        v.put("failOn", failOn);
        v.put("Build.ArtifactStagingDirectory", work.resolve("a").toString());
        v.put("Pipeline.Workspace", work.resolve("w").toString());
        return v;
    }

    /** Azure Pipelines' $(name) macros, expanded until none is left. */
    static String expand(String text, Map<String, String> vars) {
        Pattern macro = Pattern.compile("\\$\\(([\\w.]+)\\)");
        String s = text;
        for (int round = 0; round < 5; round++) {
            Matcher m = macro.matcher(s);
            s = m.replaceAll(r -> Matcher.quoteReplacement(vars.getOrDefault(r.group(1), r.group())));
        }
        assertThat(macro.matcher(s).find()).as("a macro this test does not know in: " + s).isFalse();
        return s;
    }

    static String script(List<Map<String, Object>> steps, String name, String key) {
        return (String) steps.stream().filter(s -> name.equals(s.get("name"))).findFirst().orElseThrow().get(key);
    }

    Path workspace(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }

    /** Runs a step's script with bash -e in {@code work}, java being the stand-in; the words it gave java after -jar JAR. */
    List<String> bash(String script, Path work, Map<String, String> env) throws Exception {
        Path argvFile = work.resolve("argv-" + System.nanoTime());
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-c", script).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("PATH", fakeJava.getParent() + ":" + System.getenv("PATH"));
        pb.environment().put("KVAUDIT_ARGV", argvFile.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("bash -e -c <step>: " + output).isEqualTo(0);
        if (!Files.exists(argvFile)) return List.of();
        List<String> argv = Files.readAllLines(argvFile);
        int jar = argv.indexOf("-jar");
        assertThat(jar).as("java -jar JAR in " + argv).isGreaterThanOrEqualTo(0);
        assertThat(argv.get(jar + 1)).as("the jar ./mvnw package builds").isEqualTo("target/kvaudit.jar");
        return argv.subList(jar + 2, argv.size());
    }

    /** Runs kvaudit in-process with those words, reading {@code snapshot} instead of signing in to Azure. */
    Cli.Run kvaudit(List<String> argv, Path work, Path snapshot) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--auth")) {
                i++;
                args.addAll(List.of("--snapshot", snapshot.toString()));
            } else if (a.equals("--out") || a.equals("--baseline")) {
                args.addAll(List.of(a, work.resolve(argv.get(++i)).toString()));
            } else {
                args.add(a);
            }
        }
        // each run its own history (nothing here reads it), so no run waits for another's database file
        args.addAll(List.of("--db-url", "jdbc:h2:mem:ops-gate-" + ++runs, "--as-of", AS_OF));
        return Cli.run(args.toArray(String[]::new));
    }

    static String value(List<String> argv, String option) {
        int i = argv.indexOf(option);
        assertThat(i).as(option + " in " + argv).isGreaterThanOrEqualTo(0);
        return argv.get(i + 1);
    }

    /** What the cache or artifact store keeps between runs. */
    static void save(Path file, Path store) throws IOException {
        assertThat(file).isRegularFile();
        Files.createDirectories(store.getParent());
        Files.copy(file, store, StandardCopyOption.REPLACE_EXISTING);
    }

    static void restore(Path store, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.copy(store, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
