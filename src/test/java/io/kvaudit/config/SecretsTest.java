package io.kvaudit.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The database password is masked in every shape a URL or a message can carry it, and nothing else is. */
class SecretsTest {

    @Test
    void aPasswordInAUrlIsMasked() {
        assertThat(Secrets.mask("Driver org.postgresql.Driver claims to not accept jdbcUrl, jdbc:postgresql:/kv?user=kv&password=s3cr%26t&ssl=true"))
                .isEqualTo("Driver org.postgresql.Driver claims to not accept jdbcUrl, jdbc:postgresql:/kv?user=kv&password=******&ssl=true");
        assertThat(Secrets.mask("jdbc:postgresql://db/kv?PASSWORD=x")).isEqualTo("jdbc:postgresql://db/kv?PASSWORD=******");
        assertThat(Secrets.mask("jdbc:h2:file:/tmp/kv;USER=sa;PASSWORD=pw;MODE=x")).isEqualTo("jdbc:h2:file:/tmp/kv;USER=sa;PASSWORD=******;MODE=x");
        assertThat(Secrets.mask("(jdbc:postgresql://kv:pa55@db:5432/kv)")).isEqualTo("(jdbc:postgresql://kv:******@db:5432/kv)");
    }

    @Test
    void aPasswordKvauditWasGivenIsMaskedWhereverItAppears() {
        Secrets.remember("correct-horse-battery");
        assertThat(Secrets.mask("FATAL: role \"x\" with password correct-horse-battery")).isEqualTo("FATAL: role \"x\" with password ******");
        // too short to mask in free text without hiding the message (still masked in a URL)
        Secrets.remember("ab");
        assertThat(Secrets.mask("table kv_tab")).isEqualTo("table kv_tab");
    }

    @Test
    void textWithoutAPasswordIsUnchanged() {
        String message = "Connection to 127.0.0.1:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.";
        assertThat(Secrets.mask(message)).isEqualTo(message);
        assertThat(Secrets.mask("FATAL: password authentication failed for user \"kv\"")).isEqualTo("FATAL: password authentication failed for user \"kv\"");
        assertThat(Secrets.mask("https://kv.vault.azure.net/secrets/a")).isEqualTo("https://kv.vault.azure.net/secrets/a");
        assertThat(Secrets.mask(null)).isNull();
    }
}
