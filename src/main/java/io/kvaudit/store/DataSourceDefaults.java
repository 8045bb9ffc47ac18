package io.kvaudit.store;

import io.kvaudit.config.Secrets;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The run-history database's user when none is given. H2's is {@code sa}: the default H2 file, and every H2 file an
 * earlier kvaudit made, was created by that user. Any other database (PostgreSQL) gets none from kvaudit: its user
 * comes from {@code KVAUDIT_DB_USER} or the URL ({@code ?user=...}), and a made-up {@code sa} would only turn a missing
 * user into a misleading "authentication failed for user sa". The password, whatever gives it, is handed to
 * {@link Secrets}, so no message kvaudit prints or stores shows it.
 */
@Component
class DataSourceDefaults implements BeanPostProcessor {

    static final String H2_USER = "sa";

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSourceProperties p) {
            if (!StringUtils.hasText(p.getUsername()) && p.getUrl() != null && p.getUrl().startsWith("jdbc:h2:"))
                p.setUsername(H2_USER);
            p.setUrl(embeddedH2StaysOpenOnExit(p.getUrl()));
            Secrets.remember(p.getPassword());
        }
        return bean;
    }

    /**
     * An embedded H2 database is kept open through JVM shutdown (H2 would close it from a shutdown hook of its own):
     * on SIGTERM a running scan still records that it stopped (GracefulStop), and the connection pool closes the
     * database after that. A URL that sets DB_CLOSE_ON_EXIT itself keeps its setting.
     */
    static String embeddedH2StaysOpenOnExit(String url) {
        if (url == null || !url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) return url;
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("JDBC:H2:TCP:") || upper.startsWith("JDBC:H2:SSL:") || upper.contains("DB_CLOSE_ON_EXIT")
                || upper.contains("AUTO_SERVER=TRUE")) return url;
        return url + ";DB_CLOSE_ON_EXIT=FALSE";
    }
}
