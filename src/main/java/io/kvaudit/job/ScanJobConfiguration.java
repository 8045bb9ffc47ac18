package io.kvaudit.job;

import io.kvaudit.store.RunStore;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobExecutionListener;
import org.springframework.batch.core.JobInterruptedException;
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
 * repository keeps its own transactions. The run-id incrementer makes every new scan a new job instance;
 * {@code kvaudit scan --restart} runs the interrupted instance again (Spring Batch's restart: a new execution of it).
 */
@Configuration
public class ScanJobConfiguration {

    public static final String JOB_NAME = "scan";
    public static final String RUN_ID = "kvaudit.runId";

    @Bean
    public Job scanJob(JobRepository jobs, ScanRuns runs, ScanStages stages, RunStore store) {
        return new JobBuilder(JOB_NAME, jobs)
                .incrementer(new RunIdIncrementer())
                .listener(new JobExecutionListener() {
                    // recorded before the first step, so a run killed midway names the execution its restart resumes
                    @Override
                    public void beforeJob(JobExecution execution) {
                        store.attachJob(execution.getJobParameters().getString(RUN_ID), execution.getId());
                    }
                })
                .start(step("discover", jobs, runs, stages::discover))
                .next(step("inventory", jobs, runs, stages::inventory))
                .next(step("evaluate", jobs, runs, stages::evaluate))
                .next(step("activity", jobs, runs, stages::activity))
                .next(step("report", jobs, runs, stages::report))
                .next(step("gate", jobs, runs, stages::gate))
                .build();
    }

    /**
     * A step over the run's in-memory state. Every step runs again when a run is restarted (allowStartIfComplete):
     * that state does not outlive a process, and the collecting steps rebuild it from the run's checkpoints. A stop
     * (SIGTERM) noticed before, during or after the work ends the step, and so the job, STOPPED.
     */
    private static Step step(String name, JobRepository jobs, ScanRuns runs, Consumer<ScanRun> work) {
        return new StepBuilder(name, jobs)
                .tasklet((contribution, context) -> {
                    String runId = (String) context.getStepContext().getJobParameters().get(RUN_ID);
                    ScanRun run = runs.get(runId);
                    run.step = name;
                    try {
                        run.cancel.throwIfCancelled();
                        work.accept(run);
                        run.cancel.throwIfCancelled();
                    } catch (RuntimeException e) {
                        // whatever a stop made fail (abandoned requests, interrupted waits) is the stop
                        if (run.cancel.isCancelled()) throw new JobInterruptedException(run.cancel.reason());
                        throw e;
                    }
                    return RepeatStatus.FINISHED;
                }, new ResourcelessTransactionManager())
                .allowStartIfComplete(true)
                .build();
    }
}
