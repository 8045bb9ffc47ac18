package io.kvaudit.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which run-history URLs are an embedded H2 file kvaudit may measure and compact, and where that file is. */
class HistoryFileTest {

    @Test
    void onlyAnEmbeddedH2FileIsOne() {
        assertThat(HistoryFile.fileOf("jdbc:h2:file:/var/lib/kvaudit/db/kvaudit")).contains(Path.of("/var/lib/kvaudit/db/kvaudit.mv.db"));
        assertThat(HistoryFile.fileOf("jdbc:h2:/data/kv;MODE=PostgreSQL")).contains(Path.of("/data/kv.mv.db"));
        assertThat(HistoryFile.fileOf("jdbc:h2:~/.kvaudit/kvaudit"))
                .contains(Path.of(System.getProperty("user.home"), ".kvaudit/kvaudit.mv.db"));
        assertThat(HistoryFile.fileOf("jdbc:h2:mem:test")).isEmpty();
        assertThat(HistoryFile.fileOf("jdbc:h2:tcp://db:9092/kvaudit")).isEmpty();
        assertThat(HistoryFile.fileOf("jdbc:h2:file:/data/kv;AUTO_SERVER=TRUE")).isEmpty();
        assertThat(HistoryFile.fileOf("jdbc:postgresql://db:5432/kvaudit")).isEqualTo(Optional.empty());
    }
}
