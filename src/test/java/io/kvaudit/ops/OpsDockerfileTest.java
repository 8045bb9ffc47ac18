package io.kvaudit.ops;

import io.kvaudit.cli.Cli;
import io.kvaudit.cli.Standalone;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image (Dockerfile, .dockerignore) as docs/scheduling.md describes it: a JRE 17 base, a non-root numeric USER,
 * the class-data-sharing archive recorded at build time by a command that starts kvaudit's Spring context, and used at
 * run time. Docker does not run here: what these checks cannot see (that the image builds) is said in the page.
 */
class OpsDockerfileTest {

    static final String RECORD = "-Dkvaudit.cds.record=true";

    final Dockerfile d = Dockerfile.read();

    @Test
    void aJre17BaseAndANonRootUser() {
        assertThat(d.all("FROM")).isNotEmpty().allSatisfy(f -> assertThat(f).matches("eclipse-temurin:17-jre( AS \\w+)?"));
        String user = d.last("USER");
        assertThat(user).as("numeric uid:gid, so Kubernetes' runAsNonRoot can verify it").matches("\\d+:\\d+");
        assertThat(Arrays.stream(user.split(":")).map(Integer::parseInt)).allSatisfy(id -> assertThat(id).isPositive());
        // the working directory, where reports go by default, belongs to that user
        assertThat(d.finalStage()).anySatisfy(i -> assertThat(i.args()).contains("chown kvaudit:kvaudit " + d.workdir()));
        assertThat(d.all("RUN")).anySatisfy(r -> assertThat(r).contains("--uid " + d.uid()));
    }

    @Test
    void theJarIsTheOnlyThingSentToTheBuild() {
        String copy = d.all("COPY").stream().filter(c -> !c.startsWith("--from")).findFirst().orElseThrow();
        String source = copy.split("\\s+")[0];
        assertThat(source).isEqualTo("target/kvaudit.jar");
        assertThat(ExampleYaml.read(Path.of("pom.xml"))).contains("<finalName>kvaudit</finalName>");
        List<String> ignore = ExampleYaml.read(Path.of(".dockerignore")).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(ignore).containsExactly("*", "!" + source);
    }

    @Test
    void theClassDataSharingArchiveIsRecordedAtBuildAndUsedAtRun() {
        List<String> entry = d.entrypoint();
        String jar = entry.get(entry.size() - 1);
        String archive = entry.stream().filter(a -> a.startsWith("-XX:SharedArchiveFile=")).findFirst().orElseThrow()
                .substring("-XX:SharedArchiveFile=".length());
        // recorded in the final stage, for the very class path the entrypoint runs (the archive records it)
        String training = d.finalStage().stream().filter(i -> i.keyword().equals("RUN"))
                .map(Dockerfile.Instruction::args).filter(r -> r.contains("-XX:ArchiveClassesAtExit=")).findFirst().orElseThrow();
        assertThat(training).contains("-XX:ArchiveClassesAtExit=" + archive + " ").contains(" -jar " + jar + " ");
        // the extracted layout: Spring Boot's jar tools write <destination>/kvaudit.jar and lib/, copied as they are
        Matcher extract = Pattern.compile("-Djarmode=tools -jar \\S+ extract --destination (\\S+)").matcher(String.join("\n", d.all("RUN")));
        assertThat(extract.find()).isTrue();
        assertThat(jar).isEqualTo(extract.group(1) + "/kvaudit.jar");
        assertThat(d.all("COPY")).contains("--from=extract " + extract.group(1) + " " + extract.group(1));
        // the JIT queue drains before the archive is written (JDK-8306460), the property ./kvaudit records with
        assertThat(training).contains(RECORD);
        assertThat(ExampleYaml.read(Path.of("kvaudit"))).contains(RECORD);
    }

    /**
     * The training run must start the Spring context (the classes worth archiving are Spring's, Flyway's, Spring
     * Batch's and the rule loader's): --help and standalone commands answer before it starts. It must also succeed
     * where the image is built: no database file, no network.
     */
    @Test
    void theTrainingRunStartsTheContextAndSucceedsOnItsOwn() {
        String training = d.all("RUN").stream().filter(r -> r.contains("-XX:ArchiveClassesAtExit=")).findFirst().orElseThrow();
        KvauditInvocations.Invocation inv = KvauditInvocations.inScript("training run", training).get(0);
        var leaf = KvauditInvocations.leaf(KvauditInvocations.check(inv));
        assertThat(leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested()).isFalse();
        assertThat(leaf.commandSpec().userObject() instanceof Standalone s && s.runsStandalone())
                .as("%s runs without the Spring context", inv).isFalse();
        assertThat(inv.valueOf("--db-url")).startsWith("jdbc:h2:mem:");
        Cli.Run run = Cli.run(inv.args().toArray(String[]::new));
        assertThat(run.exit()).as(run.toString()).isEqualTo(0);
        assertThat(run.out()).contains("secret-expiry-missing");
    }
}
