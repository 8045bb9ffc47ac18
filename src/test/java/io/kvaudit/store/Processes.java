package io.kvaudit.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * kvaudit commands in child JVMs (this test's class path, kvaudit's own main behind {@link StartTogether}), started
 * together: each JVM starts and waits for a go file, which is created once all of them are up.
 */
final class Processes {

    record Ended(int exit, String log) {}

    private Processes() {}

    /** Runs each command line in its own JVM, all released at once; their output (stdout and stderr) in logs under dir. */
    static List<Ended> runTogether(Path dir, Map<String, String> env, List<List<String>> commands)
            throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path go = dir.resolve("go-" + System.nanoTime());
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            List<String> c = new ArrayList<>(List.of(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"), StartTogether.class.getName(), go.toString()));
            c.addAll(commands.get(i));
            Path log = dir.resolve("process-" + go.getFileName() + "-" + i + ".log");
            ProcessBuilder pb = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().remove("KVAUDIT_DB_URL");
            pb.environment().putAll(env);
            processes.add(pb.start());
            logs.add(log);
        }
        // long enough for the JVMs to load and poll (they start Spring only after the go file)
        Thread.sleep(1500);
        Files.createFile(go);
        List<Ended> ended = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                p.waitFor();
            }
            ended.add(new Ended(p.exitValue(), Files.readString(logs.get(i))));
        }
        return ended;
    }
}
