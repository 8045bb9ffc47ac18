package io.kvaudit.collect;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress of discover and inventory, on stderr: on a terminal a bar redrawn in place (subscriptions, vaults,
 * objects); otherwise a heartbeat line every few seconds and a line per finished subscription, which is what a CI
 * log or a scheduler's journal wants. {@link #SILENT} prints nothing ({@code --quiet}).
 */
public class CollectionProgress implements AutoCloseable {

    public static final CollectionProgress SILENT = new CollectionProgress(null, false, Duration.ZERO, () -> -1);

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier apiCalls;
    private final AtomicInteger subscriptionsTotal = new AtomicInteger();
    private final AtomicInteger subscriptionsDone = new AtomicInteger();
    private final AtomicInteger vaultsTotal = new AtomicInteger();
    private final AtomicInteger vaultsDone = new AtomicInteger();
    private final AtomicLong objects = new AtomicLong();
    private final Map<String, AtomicInteger> vaultsLeft = new ConcurrentHashMap<>();
    private final long started = System.nanoTime();
    private final Thread ticker;
    private volatile boolean printed;

    /**
     * @param out      where to print (stderr), or null for nothing
     * @param terminal redraw one line in place instead of printing heartbeats
     * @param every    how often to print
     * @param apiCalls calls made so far, or -1 when the source makes none (a snapshot)
     */
    public CollectionProgress(PrintStream out, boolean terminal, Duration every, LongSupplier apiCalls) {
        this.out = out;
        this.terminal = terminal;
        this.apiCalls = apiCalls;
        if (out == null || every.isZero()) {
            ticker = null;
            return;
        }
        ticker = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(every.toMillis());
                    print(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kvaudit-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** A progress printer for this process: silent when quiet, a bar on a terminal, heartbeats otherwise. */
    public static CollectionProgress forConsole(boolean quiet, LongSupplier apiCalls) {
        if (quiet) return SILENT;
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return new CollectionProgress(System.err, terminal, terminal ? Duration.ofMillis(250) : Duration.ofSeconds(5), apiCalls);
    }

    void subscriptionsFound(int n) { subscriptionsTotal.set(n); }

    void subscriptionDiscovered(String subscriptionId, int vaults) {
        vaultsTotal.addAndGet(vaults);
        vaultsLeft.put(subscriptionId, new AtomicInteger(vaults));
        if (vaults == 0) subscriptionFinished(subscriptionId);
    }

    void vaultDone(String subscriptionId, long objectCount) {
        vaultsDone.incrementAndGet();
        objects.addAndGet(objectCount);
        AtomicInteger left = vaultsLeft.get(subscriptionId);
        if (left != null && left.decrementAndGet() == 0) subscriptionFinished(subscriptionId);
    }

    private void subscriptionFinished(String subscriptionId) {
        int done = subscriptionsDone.incrementAndGet();
        if (out != null && !terminal)
            out.printf("kvaudit: subscription %s done (%d of %d)%n", subscriptionId, done, subscriptionsTotal.get());
    }

    public int vaultsDone() { return vaultsDone.get(); }

    public long objects() { return objects.get(); }

    private synchronized void print(boolean last) {
        if (out == null) return;
        printed = true;
        long secs = (System.nanoTime() - started) / 1_000_000_000L;
        long calls = apiCalls.getAsLong();
        String line = String.format("subscriptions %d/%d  vaults %d/%d  objects %d%s  %ds",
                subscriptionsDone.get(), subscriptionsTotal.get(), vaultsDone.get(), vaultsTotal.get(), objects.get(),
                calls >= 0 ? "  API calls " + calls : "", secs);
        if (terminal) out.print("\r" + bar() + " " + line + (last ? "\n" : ""));
        else out.println("kvaudit: collecting: " + line);
        out.flush();
    }

    private String bar() {
        int total = Math.max(1, vaultsTotal.get());
        int filled = (int) Math.round(20.0 * vaultsDone.get() / total);
        return "[" + "#".repeat(Math.min(20, filled)) + " ".repeat(Math.max(0, 20 - filled)) + "]";
    }

    /** Collection ended well: a last line, when progress was shown at all (short runs stay silent). */
    public void finish() {
        if (ticker != null) ticker.interrupt();
        if (printed) print(true);
    }

    @Override
    public void close() {
        if (ticker != null) ticker.interrupt();
        if (printed && terminal && out != null) out.println();
    }
}
