package io.kvaudit.job;

import org.springframework.batch.core.Job;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.support.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.repeat.RepeatStatus;
import org.springframework.batch.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.Consumer;

/**
 * The {@code scan} job: discover → inventory → evaluate → activity → report → gate. Each step is a tasklet over the run's
 * {@link ScanRun}, found by the job parameter {@code kvaudit.runId}. Steps write the run store in their own
 * batches (a resourceless transaction manager), so a 250,000-object tenant is not one giant transaction; the job
 * repository keeps its own transactions. The run-id incrementer makes every launch a new job instance.
 */
@Configuration
public class ScanJobConfiguration {

    public static final String JOB_NAME = "scan";
    public static final String RUN_ID = "kvaudit.runId";

    @Bean
    public Job scanJob(JobRepository jobs, ScanRuns runs, ScanStages stages) {
        return new JobBuilder(JOB_NAME, jobs)
                .incrementer(new RunIdIncrementer())
                .start(step("discover", jobs, runs, stages::discover))
                .next(step("inventory", jobs, runs, stages::inventory))
                .next(step("evaluate", jobs, runs, stages::evaluate))
                .next(step("activity", jobs, runs, stages::activity))
                .next(step("report", jobs, runs, stages::report))
                .next(step("gate", jobs, runs, stages::gate))
                .build();
    }

    private static Step step(String name, JobRepository jobs, ScanRuns runs, Consumer<ScanRun> work) {
        return new StepBuilder(name, jobs)
                .tasklet((contribution, context) -> {
                    String runId = (String) context.getStepContext().getJobParameters().get(RUN_ID);
                    work.accept(runs.get(runId));
                    return RepeatStatus.FINISHED;
                }, new ResourcelessTransactionManager())
                .build();
    }
}
