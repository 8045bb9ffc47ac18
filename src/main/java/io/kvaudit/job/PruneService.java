package io.kvaudit.job;

import io.kvaudit.store.Retention;
import io.kvaudit.store.RunStore;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;

/**
 * {@code kvaudit history prune}: deletes the results of the runs {@link Retention} lets go, one run per transaction,
 * with Spring Batch's records of the job that ran them (job instance, executions, parameters, steps and contexts:
 * kvaudit reads none of them back once a run has ended, and the next launch's run-id incrementer only reads the newest
 * job instance, which belongs to a run that is kept or has no results to keep). The kv_run rows stay.
 */
@Service
public class PruneService {

    private final RunStore store;
    private final JobExplorer explorer;
    private final JobRepository jobs;
    private final TransactionTemplate transactions;

    private final InterruptedRuns interrupted;

    public PruneService(RunStore store, JobExplorer explorer, JobRepository jobs, PlatformTransactionManager transactionManager,
                        InterruptedRuns interrupted) {
        this.interrupted = interrupted;
        this.store = store;
        this.explorer = explorer;
        this.jobs = jobs;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** One run to prune (or pruned), with what it held. */
    public record Pruned(Retention.Run run, RunStore.Bulk bulk) {}

    /** The plan: every run's decision, newest first, and the bulk of those to prune. */
    public record Plan(List<Retention.Decision> decisions, List<Pruned> toPrune) {
        public RunStore.Bulk total() {
            return toPrune.stream().map(Pruned::bulk).reduce(RunStore.Bulk.NONE, RunStore.Bulk::plus);
        }
    }

    public Plan plan(Retention.Policy policy, Instant now) {
        // a run whose process is gone is interrupted, not running: retention may let it go like any other
        interrupted.sweep();
        List<Retention.Decision> decisions = Retention.decide(store.retentionView(), policy, now);
        List<Pruned> toPrune = decisions.stream().filter(Retention.Decision::prune)
                .map(d -> new Pruned(d.run(), store.bulk(d.run().runId()))).toList();
        return new Plan(decisions, toPrune);
    }

    /** Prunes what the plan names, each run in its own transaction (an interrupted prune leaves whole runs). */
    public void execute(Plan plan, Instant now) {
        for (Pruned p : plan.toPrune()) {
            String runId = p.run().runId();
            transactions.executeWithoutResult(status -> {
                Long execution = store.jobExecutionId(runId).orElse(null);
                store.pruneResults(runId, now);
                if (execution != null) deleteJobRecords(execution);
            });
        }
    }

    private void deleteJobRecords(long jobExecutionId) {
        JobExecution execution = explorer.getJobExecution(jobExecutionId);
        if (execution == null) return;
        // kvaudit launches every run as its own job instance (a unique kvaudit.runId), so the instance is the run's alone
        jobs.deleteJobInstance(execution.getJobInstance());
    }
}
