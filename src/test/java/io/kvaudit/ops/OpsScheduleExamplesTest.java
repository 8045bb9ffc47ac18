package io.kvaudit.ops;

import io.kvaudit.gate.Gate;
import io.kvaudit.source.azure.AuthMethod;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.kvaudit.ops.ExampleYaml.at;
import static io.kvaudit.ops.ExampleYaml.find;
import static io.kvaudit.ops.ExampleYaml.map;
import static io.kvaudit.ops.ExampleYaml.maps;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nightly examples of docs/scheduling.md (docs/examples/kubernetes, docs/examples/container-apps) hold what the
 * page says and agree with the image (its USER, its WORKDIR) and with kvaudit (its exit codes, the variables its
 * configuration reads, the credential --auth names). The options of their args are checked by {@link OpsInvocationsTest}.
 */
class OpsScheduleExamplesTest {

    static final Path SCHEDULING = Path.of("docs/scheduling.md");
    static final String DB_URL = "KVAUDIT_DB_URL", DB_USER = "KVAUDIT_DB_USER", DB_PASSWORD = "KVAUDIT_DB_PASSWORD";

    @Test
    void kubernetesCronJob() {
        Map<String, Map<String, Object>> byKind = new HashMap<>();
        for (Object d : ExampleYaml.documents(ExampleYaml.KUBERNETES)) {
            Map<String, Object> doc = map(d, "document");
            assertThat(byKind.put((String) doc.get("kind"), doc)).as("one %s", doc.get("kind")).isNull();
        }
        assertThat(byKind).containsOnlyKeys("ServiceAccount", "PersistentVolumeClaim", "CronJob");
        Map<String, Object> sa = byKind.get("ServiceAccount"), pvc = byKind.get("PersistentVolumeClaim"), cron = byKind.get("CronJob");
        assertThat(at(cron, "apiVersion")).isEqualTo("batch/v1");
        assertThat(List.of(at(sa, "metadata", "namespace"), at(pvc, "metadata", "namespace"))).containsOnly(at(cron, "metadata", "namespace"));
        assertThat(String.valueOf(at(sa, "metadata", "annotations", "azure.workload.identity/client-id")))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        Map<String, Object> spec = map(at(cron, "spec"), "CronJob spec");
        assertThat(spec).containsEntry("concurrencyPolicy", "Forbid");
        assertThat(spec.get("startingDeadlineSeconds")).isInstanceOf(Integer.class);
        assertThat(String.valueOf(spec.get("schedule")).split(" ")).hasSize(5);
        Map<String, Object> job = map(at(spec, "jobTemplate", "spec"), "Job spec");
        assertThat(job.get("backoffLimit")).isInstanceOf(Integer.class);
        assertThat(job.get("activeDeadlineSeconds")).isInstanceOf(Integer.class);

        Map<String, Object> pod = map(at(job, "template", "spec"), "pod spec");
        assertThat(at(job, "template", "metadata", "labels", "azure.workload.identity/use")).as("a string, not a boolean").isEqualTo("true");
        assertThat(pod.get("serviceAccountName")).isEqualTo(at(sa, "metadata", "name"));
        assertThat(pod).containsEntry("restartPolicy", "Never");
        assertThat(pod.get("terminationGracePeriodSeconds")).isInstanceOf(Integer.class);
        assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(String.valueOf(at(pod, "securityContext", "runAsUser"))).isEqualTo(Dockerfile.read().uid()).isNotEqualTo("0");

        List<Map<String, Object>> containers = maps(at(pod, "containers"), "containers");
        assertThat(containers).hasSize(1);
        Map<String, Object> c = containers.get(0);
        assertThat(map(at(c, "resources", "requests"), "requests")).containsKeys("cpu", "memory");
        assertThat(map(at(c, "resources", "limits"), "limits")).containsKey("memory");
        assertThat(at(c, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);

        // a verdict (configuration error, gate failed, incomplete) is the same on every retry: the Job fails at once
        Map<String, Object> failJob = maps(at(job, "podFailurePolicy", "rules"), "rules").stream()
                .filter(r -> "FailJob".equals(r.get("action"))).findFirst().orElseThrow();
        assertThat(at(failJob, "onExitCodes", "containerName")).isEqualTo(c.get("name"));
        assertThat(at(failJob, "onExitCodes", "operator")).isEqualTo("In");
        assertThat(ExampleYaml.list(at(failJob, "onExitCodes", "values"), "values")).containsExactly(Gate.USAGE, Gate.FAILED, Gate.INCOMPLETE);

        KvauditInvocations.Invocation inv = KvauditInvocations.ofArgs("CronJob args", ExampleYaml.list(at(c, "args"), "args"));
        assertThat(AuthMethod.parse(inv.valueOf("--auth"))).isEqualTo(AuthMethod.WORKLOAD_IDENTITY);
        // a retry resumes the killed run (SIGTERM's 143 is retried, not a verdict), no older than the Job may run
        assertThat(Integer.parseInt(inv.valueOf("--resume-within")) * 3600)
                .isLessThanOrEqualTo(((Number) at(job, "activeDeadlineSeconds")).intValue());
        assertThat(ExampleYaml.list(at(failJob, "onExitCodes", "values"), "values")).doesNotContain(Gate.STOPPED);

        // history in PostgreSQL, from a Secret the page says how to create
        Map<String, String> secretKeys = new HashMap<>();
        String secret = null;
        for (Map<String, Object> e : maps(at(c, "env"), "env")) {
            Map<String, Object> ref = map(at(e, "valueFrom", "secretKeyRef"), e.get("name") + " secretKeyRef");
            secretKeys.put((String) e.get("name"), (String) ref.get("key"));
            assertThat(secret == null || secret.equals(ref.get("name"))).as("one Secret").isTrue();
            secret = (String) ref.get("name");
        }
        assertThat(secretKeys).containsOnlyKeys(DB_URL, DB_USER, DB_PASSWORD);
        String create = kubectlCreateSecret(secret);
        for (String key : secretKeys.values()) assertThat(create).contains("--from-literal=" + key + "=");
        assertThat(create).contains("--from-literal=" + secretKeys.get(DB_URL) + "=jdbc:postgresql://");

        // reports on the claim: the image's working directory (no --out), mounted from the PersistentVolumeClaim
        String volume = maps(at(pod, "volumes"), "volumes").stream()
                .filter(v -> at(pvc, "metadata", "name").equals(find(v, "persistentVolumeClaim", "claimName")))
                .map(v -> (String) v.get("name")).findFirst().orElseThrow();
        Map<String, String> mounts = mounts(c, "name");
        assertThat(mounts).containsEntry(Dockerfile.read().workdir(), volume);
        assertThat(inv.options()).doesNotContain("--out");
        assertThat(c).doesNotContainKey("workingDir");
        // a read-only root: the JVM and the PDF renderer's fonts (java.io.tmpdir) need a writable /tmp
        assertThat(at(c, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(mounts).containsKey("/tmp");
    }

    /**
     * docs/examples/kubernetes/kvaudit-collect-indexed-job.yaml: an Indexed Job whose pod i exports the subscriptions
     * of zone i (the ConfigMap's key zone-i) with one --as-of shared by every zone, into its own folder of a
     * ReadWriteMany volume; run for each index, its script is a {@code snapshot export} of exactly that zone.
     */
    @Test
    void kubernetesIndexedCollection() {
        Path file = Path.of("docs/examples/kubernetes/kvaudit-collect-indexed-job.yaml");
        Map<String, Map<String, Object>> byKind = new HashMap<>();
        for (Object d : ExampleYaml.documents(file)) {
            Map<String, Object> doc = map(d, "document");
            assertThat(byKind.put((String) doc.get("kind"), doc)).as("one %s", doc.get("kind")).isNull();
        }
        assertThat(byKind).containsOnlyKeys("ConfigMap", "PersistentVolumeClaim", "Job");
        Map<String, Object> zones = map(at(byKind.get("ConfigMap"), "data"), "zones"), pvc = byKind.get("PersistentVolumeClaim"),
                job = byKind.get("Job");
        assertThat(ExampleYaml.list(at(pvc, "spec", "accessModes"), "accessModes")).containsExactly("ReadWriteMany");
        Map<String, Object> spec = map(at(job, "spec"), "Job spec");
        assertThat(spec).containsEntry("completionMode", "Indexed");
        assertThat(spec.get("completions")).isEqualTo(zones.size());
        for (int i = 0; i < zones.size(); i++) assertThat(zones).containsKey("zone-" + i);
        Map<String, Object> pod = map(at(spec, "template", "spec"), "pod spec");
        // the ServiceAccount of kvaudit-cronjob.yaml, which the header says to apply first
        Object serviceAccount = ExampleYaml.documents(ExampleYaml.KUBERNETES).stream().map(d -> map(d, "document"))
                .filter(d -> "ServiceAccount".equals(d.get("kind"))).map(d -> at(d, "metadata", "name")).findFirst().orElseThrow();
        assertThat(pod.get("serviceAccountName")).isEqualTo(serviceAccount);
        assertThat(String.valueOf(at(pod, "securityContext", "runAsUser"))).isEqualTo(Dockerfile.read().uid());
        Map<String, Object> c = maps(at(pod, "containers"), "containers").get(0);
        assertThat(ExampleYaml.list(at(c, "command"), "command")).containsExactly("/bin/sh", "-c");
        String script = String.valueOf(ExampleYaml.list(at(c, "args"), "args").get(0));
        assertThat(script).contains("$JOB_COMPLETION_INDEX", "/etc/kvaudit/zones/zone-$JOB_COMPLETION_INDEX");
        Map<String, String> mounts = mounts(c, "name");
        String snapshots = maps(at(pod, "volumes"), "volumes").stream()
                .filter(v -> at(pvc, "metadata", "name").equals(find(v, "persistentVolumeClaim", "claimName")))
                .map(v -> (String) v.get("name")).findFirst().orElseThrow();
        assertThat(mounts).containsEntry("/snapshots", snapshots).containsKey("/etc/kvaudit/zones").containsKey("/tmp");

        for (int i = 0; i < zones.size(); i++) {
            List<String> ids = List.of(String.valueOf(zones.get("zone-" + i)).trim().split("\\s+"));
            StringBuilder subs = new StringBuilder();
            for (String id : ids) subs.append(" --subscription ").append(id);
            // the script as zone i runs it: its loop's result in place of $SUBS
            String asRun = script.replace("$JOB_COMPLETION_INDEX", String.valueOf(i)).replace("$SUBS", subs.toString().trim());
            List<KvauditInvocations.Invocation> found = KvauditInvocations.inScript(file + " zone-" + i, asRun);
            assertThat(found).hasSize(1);
            KvauditInvocations.Invocation inv = found.get(0);
            var leaf = KvauditInvocations.leaf(KvauditInvocations.check(inv));
            assertThat(leaf.commandSpec().qualifiedName(" ")).endsWith("snapshot export");
            assertThat(leaf.matchedOptionValue("--subscription", List.<String>of())).containsExactlyElementsOf(ids);
            assertThat(inv.valueOf("--out")).startsWith("$OUT");
            assertThat(script).contains("OUT=/snapshots/").contains("zone-$JOB_COMPLETION_INDEX");
            assertThat(inv.valueOf("--as-of")).as("one --as-of for every zone").isEqualTo("${DAY}T00:00:00Z");
            assertThat(AuthMethod.parse(inv.valueOf("--auth"))).isEqualTo(AuthMethod.WORKLOAD_IDENTITY);
        }
    }

    @Test
    void containerAppsJob() {
        Map<String, Object> job = ExampleYaml.single(ExampleYaml.CONTAINER_APPS);
        assertThat(String.valueOf(at(job, "identity", "type"))).contains("UserAssigned");
        assertThat(map(at(job, "identity", "userAssignedIdentities"), "identities")).isNotEmpty();
        Map<String, Object> conf = map(at(job, "properties", "configuration"), "configuration");
        assertThat(conf).containsEntry("triggerType", "Schedule").containsEntry("replicaRetryLimit", 0);
        assertThat(String.valueOf(at(conf, "scheduleTriggerConfig", "cronExpression")).split(" ")).hasSize(5);
        assertThat(at(conf, "scheduleTriggerConfig", "parallelism")).isEqualTo(1);
        assertThat(conf.get("replicaTimeout")).isInstanceOf(Integer.class);

        Map<String, Object> template = map(at(job, "properties", "template"), "template");
        List<Map<String, Object>> containers = maps(at(template, "containers"), "containers");
        assertThat(containers).hasSize(1);
        Map<String, Object> c = containers.get(0);
        KvauditInvocations.Invocation inv = KvauditInvocations.ofArgs("Container Apps args", ExampleYaml.list(at(c, "args"), "args"));
        assertThat(AuthMethod.parse(inv.valueOf("--auth"))).isEqualTo(AuthMethod.MANAGED_IDENTITY);

        Map<String, Map<String, Object>> env = new HashMap<>();
        for (Map<String, Object> e : maps(at(c, "env"), "env")) env.put((String) e.get("name"), e);
        // two user-assigned identities: AZURE_CLIENT_ID (or --client-id) says which one kvaudit signs in as
        assertThat(env).containsKey("AZURE_CLIENT_ID");
        List<Object> secretNames = maps(at(conf, "secrets"), "secrets").stream().map(s -> s.get("name")).toList();
        for (String v : List.of(DB_URL, DB_USER, DB_PASSWORD)) assertThat(secretNames).contains(at(env, v, "secretRef"));
        for (Map<String, Object> s : maps(at(conf, "secrets"), "secrets")) assertThat(s).containsKeys("keyVaultUrl", "identity");

        String volume = maps(at(template, "volumes"), "volumes").stream()
                .filter(v -> "AzureFile".equals(v.get("storageType"))).map(v -> (String) v.get("name")).findFirst().orElseThrow();
        assertThat(mounts(c, "volumeName")).containsEntry(Dockerfile.read().workdir(), volume);
        assertThat(inv.options()).doesNotContain("--out");
    }

    @Test
    void theDatabaseVariablesAreTheOnesKvauditReads() {
        String app = ExampleYaml.read(Path.of("src/main/resources/application.yaml"));
        for (String v : List.of(DB_URL, DB_USER, DB_PASSWORD)) assertThat(app).contains("${" + v + ":");
    }

    /** mountPath -> volume name of a container. */
    static Map<String, String> mounts(Map<String, Object> container, String volumeKey) {
        Map<String, String> m = new HashMap<>();
        for (Map<String, Object> v : maps(at(container, "volumeMounts"), "volumeMounts"))
            m.put((String) v.get("mountPath"), (String) v.get(volumeKey));
        return m;
    }

    /** The page's kubectl command that creates the Secret, backslash continuations joined. */
    static String kubectlCreateSecret(String name) {
        for (String block : KvauditInvocations.fencedCode(ExampleYaml.read(SCHEDULING))) {
            Matcher m = Pattern.compile("kubectl create secret generic " + Pattern.quote(name) + "\\b.*")
                    .matcher(block.replaceAll("\\\\\\r?\\n", " "));
            if (m.find()) return m.group();
        }
        throw new AssertionError(SCHEDULING + ": no `kubectl create secret generic " + name + "` in its code");
    }
}
