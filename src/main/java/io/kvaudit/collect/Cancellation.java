package io.kvaudit.collect;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A request to stop a scan early (SIGTERM: Kubernetes ending a pod), shared by its stages: the collectors stop taking
 * work and abandon requests in flight, the job stops between steps. Work that was finished before the stop (the
 * vaults whose checkpoints are written) is kept for {@code kvaudit scan --restart}.
 */
public final class Cancellation {

    /** A scan nobody stops (tests and tools that call a collector directly). */
    public static final Cancellation NEVER = new Cancellation();

    /** Thrown where a stage notices the stop; the job ends STOPPED. */
    public static final class Cancelled extends RuntimeException {
        public Cancelled(String reason) { super(reason, null, false, false); }
    }

    private volatile String reason;
    private final List<Runnable> actions = new CopyOnWriteArrayList<>();

    /** Asks the scan to stop, saying why; what is registered with {@link #onCancel} runs now. Only the first reason counts. */
    public void cancel(String why) {
        if (this == NEVER) throw new IllegalStateException("Cancellation.NEVER cannot be cancelled");
        synchronized (this) {
            if (reason != null) return;
            reason = why;
        }
        for (Runnable a : actions) {
            try {
                a.run();
            } catch (RuntimeException ignored) {
                // one action failing does not keep the others from stopping their work
            }
        }
    }

    public boolean isCancelled() { return reason != null; }

    public String reason() { return reason; }

    public void throwIfCancelled() {
        if (reason != null) throw new Cancelled(reason);
    }

    /** What {@link #onCancel} returns: closing it withdraws the action. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs {@code action} when the scan is stopped (at once, if it already is) until the returned handle is closed. */
    public Registration onCancel(Runnable action) {
        actions.add(action);
        if (reason != null) action.run();
        return () -> actions.remove(action);
    }
}
