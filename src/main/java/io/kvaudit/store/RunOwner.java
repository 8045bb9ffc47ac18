package io.kvaudit.store;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process that runs a scan, as its run row names it ({@code kv_run.owner}): host name, process id and the
 * process's start time. On the same host that is enough to tell whether the owner is still alive (a reused process id,
 * as in a restarted container whose scan was pid 1 again, has another start time); for an owner on another host only
 * its heartbeat can tell (see {@link RunRecovery}).
 */
public record RunOwner(String host, long pid, Instant processStarted) {

    private static final Pattern FORMAT = Pattern.compile("host=(\\S+) pid=(\\d+) started=(\\S+)");

    private static final RunOwner THIS_PROCESS = new RunOwner(hostName(), ProcessHandle.current().pid(),
            ProcessHandle.current().info().startInstant().orElse(null));

    public static RunOwner thisProcess() { return THIS_PROCESS; }

    /** What kv_run.owner holds. */
    @Override
    public String toString() {
        return "host=" + host + " pid=" + pid + " started=" + (processStarted == null ? "unknown" : processStarted);
    }

    /** The owner a kv_run.owner value names; empty for a value in no known shape (then only the heartbeat tells). */
    public static Optional<RunOwner> parse(String stored) {
        if (stored == null) return Optional.empty();
        Matcher m = FORMAT.matcher(stored);
        if (!m.matches()) return Optional.empty();
        Instant started = null;
        try {
            started = m.group(3).equals("unknown") ? null : Instant.parse(m.group(3));
        } catch (java.time.format.DateTimeParseException ignored) {
            // as unknown
        }
        return Optional.of(new RunOwner(m.group(1), Long.parseLong(m.group(2)), started));
    }

    /** True when this owner runs on this host, where whether it is alive can be looked up. */
    public boolean onThisHost() { return host.equals(THIS_PROCESS.host); }

    /**
     * On this host: whether the process is still running (the same process id, started at the same time). Meaningless
     * for an owner on another host (see {@link #onThisHost()}).
     */
    public boolean aliveOnThisHost() {
        if (equals(THIS_PROCESS)) return true;
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) return false;
        Optional<Instant> started = p.get().info().startInstant();
        // without a start time on either side, a live process with that id is taken as the owner
        return processStarted == null || started.isEmpty() || started.get().equals(processStarted);
    }

    /** The kernel's host name (a pod's name in Kubernetes), read without asking a name resolver. */
    private static String hostName() {
        for (String file : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
            try {
                String name = java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
                if (!name.isEmpty() && !name.contains(" ")) return name;
            } catch (java.io.IOException | RuntimeException ignored) {
                // the next place
            }
        }
        String env = System.getenv("HOSTNAME");
        if (env == null) env = System.getenv("COMPUTERNAME");
        return env != null && !env.isBlank() && !env.contains(" ") ? env : "unknown-host";
    }
}
