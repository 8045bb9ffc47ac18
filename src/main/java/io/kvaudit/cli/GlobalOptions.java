package io.kvaudit.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Options every command accepts. They configure the Spring context, so {@link io.kvaudit.KvauditApplication} reads
 * them before the context starts.
 */
public class GlobalOptions {

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "Run-history database: an H2 file, or jdbc:postgresql://HOST:PORT/DB shared by every pipeline, "
                    + "user and password from KVAUDIT_DB_USER / KVAUDIT_DB_PASSWORD (default: env KVAUDIT_DB_URL, else "
                    + "H2 file ~/.kvaudit/kvaudit).")
    public String dbUrl;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A YAML configuration file (kvaudit.rules.params, kvaudit.threads...), see docs/configuration.md.")
    public String config;

    /** Spring properties these options stand for. */
    public Map<String, Object> springProperties() {
        Map<String, Object> p = new TreeMap<>();
        if (dbUrl != null) p.put("spring.datasource.url", dbUrl);
        // not optional: KvauditApplication checked the file exists (ConfigFile); the [.yaml] hint makes Spring read it
        // as YAML whatever its name, as ConfigFile did
        if (config != null) p.put("spring.config.additional-location", "file:" + Path.of(config).toAbsolutePath() + "[.yaml]");
        return p;
    }
}
