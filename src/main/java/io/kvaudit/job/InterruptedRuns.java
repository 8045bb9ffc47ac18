package io.kvaudit.job;

import io.kvaudit.store.Checkpoints;
import io.kvaudit.store.RunOwnership;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds runs whose process went away without finishing (SIGKILL, out of memory, a lost node) and marks them
 * INTERRUPTED, in kvaudit's run history and in Spring Batch's (its execution FAILED, so the instance can be restarted:
 * Spring Batch never restarts an execution it still thinks is running). Called before a scan starts, before a restart
 * and by {@code kvaudit history}, so a crashed run never stays "RUNNING" and the database stays usable.
 */
@Component
public class InterruptedRuns {

    private final RunOwnership ownership;
    private final Checkpoints checkpoints;
    private final JobExplorer explorer;
    private final JobRepository jobs;

    public InterruptedRuns(RunOwnership ownership, Checkpoints checkpoints, JobExplorer explorer, JobRepository jobs) {
        this.ownership = ownership;
        this.checkpoints = checkpoints;
        this.explorer = explorer;
        this.jobs = jobs;
    }

    /** Marks every RUNNING run whose owner is gone as INTERRUPTED; returns their ids. */
    public List<String> sweep() {
        List<String> marked = new ArrayList<>();
        Instant now = Instant.now();
        for (RunOwnership.Running run : ownership.running()) {
            var gone = ownership.whyGone(run, now);
            if (gone.isEmpty()) continue;
            String message = "interrupted: " + gone.get() + "; last heartbeat " + run.lastSign() + "; "
                    + checkpoints.keptAndRestartHint(run.runId());
            if (!ownership.markInterrupted(run, message)) continue;
            closeJobExecution(run.jobExecutionId(), "interrupted: " + gone.get());
            marked.add(run.runId());
        }
        return marked;
    }

    /**
     * Ends a job execution Spring Batch still records as running (its process is gone, or a stop outran the step):
     * running steps and the execution FAILED, with an end time. Nothing for an execution that ended.
     */
    void closeJobExecution(Long jobExecutionId, String why) {
        if (jobExecutionId == null) return;
        JobExecution execution = explorer.getJobExecution(jobExecutionId);
        if (execution == null || !execution.getStatus().isRunning()) return;
        LocalDateTime now = LocalDateTime.now();
        try {
            for (StepExecution step : execution.getStepExecutions()) {
                if (!step.getStatus().isRunning()) continue;
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(ExitStatus.FAILED.addExitDescription(why));
                step.setEndTime(now);
                jobs.update(step);
            }
            execution.setStatus(BatchStatus.FAILED);
            execution.setExitStatus(ExitStatus.FAILED.addExitDescription(why));
            execution.setEndTime(now);
            jobs.update(execution);
        } catch (OptimisticLockingFailureException raced) {
            // another process closed it at the same moment: closed either way
        }
    }
}
