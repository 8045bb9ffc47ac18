package io.kvaudit.job;

import io.kvaudit.KvauditApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.batch.BatchProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.annotation.Isolation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Batch creates each launch's job instance in a SERIALIZABLE transaction unless told otherwise, and on
 * PostgreSQL two such transactions that meet (two scans launched at once into one shared history) fail one with
 * "could not serialize access due to read/write dependencies among transactions": kvaudit's defaults ask for READ
 * COMMITTED (each scan's job parameters hold its own run id; the JOB_INST_UN constraint keeps instances unique).
 */
class JobCreateIsolationTest {

    @Test
    void jobInstancesAreCreatedReadCommitted() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(KvauditApplication.class)
                .web(WebApplicationType.NONE).logStartupInfo(false)
                .run("--spring.datasource.url=jdbc:h2:mem:isolation-" + System.nanoTime())) {
            assertThat(context.getBean(BatchProperties.class).getJdbc().getIsolationLevelForCreate()).isEqualTo(Isolation.READ_COMMITTED);
        }
    }
}
