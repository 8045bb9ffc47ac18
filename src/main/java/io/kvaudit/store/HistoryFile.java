package io.kvaudit.store;

import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

/**
 * The run history's file, when it is an embedded H2 database (kvaudit's default, {@code jdbc:h2:file:...}): its size,
 * and compaction. H2 reuses the space deleted rows leave but gives it back to the file system only when it compacts
 * the file, fully on {@code SHUTDOWN COMPACT} (H2's own statement, run only on such a database). A server database
 * (H2 over TCP, or one shared with AUTO_SERVER), an in-memory one or another product is left alone: PostgreSQL's
 * (auto)vacuum makes the space reusable, {@code VACUUM FULL} gives it back.
 */
@Component
public class HistoryFile {

    private final DataSource dataSource;

    public HistoryFile(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The {@code .mv.db} file of an embedded H2 file database, or empty. */
    public Optional<Path> h2File() {
        try (Connection c = dataSource.getConnection()) {
            if (!"H2".equals(c.getMetaData().getDatabaseProductName())) return Optional.empty();
            return fileOf(c.getMetaData().getURL());
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** The file an embedded H2 URL opens, or empty for any other URL. */
    static Optional<Path> fileOf(String url) {
        if (url == null || !url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) return Optional.empty();
        String rest = url.substring(8);
        int options = rest.indexOf(';');
        String settings = options < 0 ? "" : rest.substring(options).toUpperCase(Locale.ROOT).replace(" ", "");
        String name = options < 0 ? rest : rest.substring(0, options);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:") || lower.startsWith("zip:")
                || settings.contains(";AUTO_SERVER=TRUE")) return Optional.empty();
        if (lower.startsWith("file:")) name = name.substring(5);
        if (name.startsWith("~")) name = System.getProperty("user.home") + name.substring(1);
        return Optional.of(Path.of(name + ".mv.db"));
    }

    /** The file's size in bytes, or -1 when there is no such file. */
    public long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Compacts the embedded H2 database, after closing the connection pool: the last thing a command does. H2 compacts
     * on a connection of its own, so no pooled connection is left on a closed database.
     *
     * @return false when the pool is not the one kvaudit configures (Hikari), so nothing was done
     */
    public boolean compactAndClose() throws SQLException {
        if (!dataSource.isWrapperFor(HikariDataSource.class)) return false;
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        String url = pool.getJdbcUrl(), user = pool.getUsername(), password = pool.getPassword();
        pool.close();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
        return true;
    }
}
