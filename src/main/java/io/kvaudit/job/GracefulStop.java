package io.kvaudit.job;

import io.kvaudit.gate.Gate;
import io.kvaudit.store.RunStore;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;

/**
 * What kvaudit does when it is asked to stop (SIGTERM, what Kubernetes sends before it kills a pod; SIGINT, Ctrl-C):
 * every running scan is stopped, keeps what it collected and is marked STOPPED, within {@link #WAIT}; then the
 * database and the rest are closed and the process exits with 143. A scan that has not wound down by then is marked
 * STOPPED anyway and the process ends (Kubernetes' default grace period is 30 s; this stays well inside 10).
 */
public final class GracefulStop {

    /** How long the running scans get to stop and record it. */
    public static final Duration WAIT = Duration.ofSeconds(8);

    private GracefulStop() {}

    /** A JVM shutdown hook for the context; the context's own hook must be off (it would close the database under the scan). */
    public static Thread hookFor(ConfigurableApplicationContext context) {
        return new Thread(() -> stop(context), "kvaudit-graceful-stop");
    }

    static void stop(ConfigurableApplicationContext context) {
        try {
            if (!context.isActive()) return;
            ScanRuns runs = context.getBean(ScanRuns.class);
            String why = "the process was asked to stop (SIGTERM or SIGINT)";
            List<String> stopping = runs.stopAll(why);
            if (!stopping.isEmpty()) {
                System.err.println("kvaudit: stopping " + String.join(", ", stopping) + ": " + why + "; what was collected is kept "
                        + "for kvaudit scan --restart");
                if (!runs.awaitNone(WAIT)) {
                    RunStore store = context.getBean(RunStore.class);
                    for (String runId : runs.running())
                        store.finish(runId, "STOPPED", Gate.STOPPED, "stopped: " + why + "; the scan did not wind down within "
                                + WAIT.toSeconds() + " s; kvaudit scan --restart " + runId + " resumes it from what was collected");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            System.err.println("kvaudit: while stopping: " + e);
        } finally {
            context.close();
        }
    }
}
