package io.kvaudit.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** kvaudit's own version, from the build (kvaudit-version.properties is filtered by Maven). */
public final class ToolVersion {

    private static final String VERSION = load();

    private ToolVersion() {}

    public static String get() { return VERSION; }

    private static String load() {
        try (InputStream in = ToolVersion.class.getResourceAsStream("/kvaudit-version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
