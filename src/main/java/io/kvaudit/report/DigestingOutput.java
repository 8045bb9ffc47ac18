package io.kvaudit.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A file written through 1 MB buffers that another thread hashes (SHA-256) and writes, in order, while the producer
 * (a JSON generator) fills the next one: the manifest gets the digest of exactly the bytes written, without reading
 * a 160 MB results.json again on the critical path. At most 4 buffers wait.
 */
final class DigestingOutput extends OutputStream {

    private static final int BUFFER = 1 << 20;

    private final OutputStream file;
    private final MessageDigest sha256;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kvaudit-output-digest");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore waiting = new Semaphore(4);
    private volatile IOException failure;
    private byte[] buf = new byte[BUFFER];
    private int used;
    private String digest;

    DigestingOutput(Path path) throws IOException {
        this.file = Files.newOutputStream(path);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (used == buf.length) handOff();
        buf[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (used == buf.length) handOff();
            int n = Math.min(len, buf.length - used);
            System.arraycopy(b, off, buf, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    private void handOff() throws IOException {
        if (used == 0) return;
        byte[] full = buf;
        int length = used;
        buf = new byte[BUFFER];
        used = 0;
        try {
            waiting.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing", e);
        }
        worker.execute(() -> {
            try {
                if (failure == null) {
                    sha256.update(full, 0, length);
                    file.write(full, 0, length);
                }
            } catch (IOException e) {
                failure = e;
            } finally {
                waiting.release();
            }
        });
        if (failure != null) throw failure;
    }

    /** Buffers are handed over whole: flush is a no-op until close. */
    @Override
    public void flush() {}

    @Override
    public void close() throws IOException {
        if (digest != null) return;
        try {
            handOff();
            worker.shutdown();
            if (!worker.awaitTermination(10, TimeUnit.MINUTES)) throw new IOException("writing did not finish");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing", e);
        } finally {
            worker.shutdownNow();
            file.close();
        }
        if (failure != null) throw failure;
        digest = HexFormat.of().formatHex(sha256.digest());
    }

    /** The SHA-256 of everything written, once closed. */
    String sha256() {
        if (digest == null) throw new IllegalStateException("not closed yet");
        return digest;
    }
}
