package org.bulkresend.job;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.MailRoutes;
import org.bulkresend.notify.SenderQuotas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * {@code --daily-limit N} (and a sender pool's own limits): the provider's cap on messages per 24
 * hours, for each sending mailbox. Before the resend step and after each full chunk, the run holds
 * room for a whole chunk against its senders' limits, counting the messages of the last 24 hours by
 * any run and the room other runs hold ({@link SenderQuotas#hold}); if there is none, the step
 * stops at that chunk boundary, before resetting anyone else: the run ends STOPPED, and running the
 * same command again later continues where it stopped. A chunk smaller than the chunk size was the
 * step's last, so nothing stops after it. Users already reset but not told (the resendUntold step)
 * are told even at the limit: leaving them with a password nobody told them outweighs the quota.
 * The chunk size of a run with a limit is at most the limit, so every day gets at least one chunk.
 */
class DailyLimit implements StepExecutionListener, ChunkListener<Object, Object> {

    private static final Logger logger = LoggerFactory.getLogger(DailyLimit.class);

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")
        .withZone(ZoneId.systemDefault());

    private final int chunkSize;

    private final MailRoutes mailRoutes;

    private final Ledger ledger;

    private volatile String reached;

    /**
     * @param chunkSize the chunk size of the run, at most the limit: the most messages one chunk sends
     */
    DailyLimit(int chunkSize, MailRoutes mailRoutes, Ledger ledger) {
        this.chunkSize = chunkSize;
        this.mailRoutes = mailRoutes;
        this.ledger = ledger;
    }

    /** The chunk size to run with: at most the limit. */
    int chunkSize() {
        return this.chunkSize;
    }

    /** Why the last run stopped at the limit, for the admin, or null if it did not. */
    String reached() {
        return this.reached;
    }

    /** Registered on the resend step only: a run that is over the limit stops before its first chunk. */
    @Override
    public void beforeStep(StepExecution stepExecution) {
        this.reached = null;
        check(stepExecution);
    }

    @Override
    public void afterChunk(Chunk<Object> chunk) {
        StepContext context = StepSynchronizationManager.getContext();
        if (chunk.size() >= this.chunkSize && context != null) {
            check(context.getStepExecution());
        }
    }

    /** Gives up the run's held room once its execution ends, however it ends. */
    void release(JobExecution execution) {
        this.mailRoutes.senderQuotas().release(holder(execution));
    }

    /** Who holds room for a run's next chunk: its execution, as the mail channel names it too. */
    static String holder(JobExecution execution) {
        return "execution " + execution.getId();
    }

    /** True if every row of the file has its outcome in the ledger: nothing is left to send. */
    private boolean everyRowHandled(StepExecution stepExecution) {
        JobExecution job = stepExecution.getJobExecution();
        long rows = job.getExecutionContext().getLong(PreflightTasklet.ROWS_KEY, Long.MAX_VALUE);
        long handled = this.ledger.countByStatus(job.getJobInstanceId()).values().stream()
            .mapToLong(Long::longValue).sum();
        return handled >= rows && this.ledger.linesWithStatus(job.getJobInstanceId(), Status.RESET_NOT_NOTIFIED)
            .isEmpty();
    }

    private void check(StepExecution stepExecution) {
        JobExecution execution = stepExecution.getJobExecution();
        MailRoute route = ResendJobParameters.route(execution.getJobParameters());
        List<SenderQuotas.Quota> pool = this.mailRoutes.quotas((route != null) ? route : this.mailRoutes.forNewRun());
        if (pool.stream().anyMatch((quota) -> quota.dailyLimit() <= 0)) {
            return;
        }
        Optional<SenderQuotas.Reached> full = this.mailRoutes.senderQuotas().hold(holder(execution), pool,
                this.chunkSize);
        if (full.isPresent() && !everyRowHandled(stepExecution)) {
            this.reached = full.get().reason() + " The run stopped before resetting anyone else. Run the same command "
                    + "again after " + WHEN.format(full.get().next()) + " (or on the next scheduled run) to continue "
                    + "where it stopped.";
            logger.warn(this.reached);
            stepExecution.setTerminateOnly();
        }
    }
}
