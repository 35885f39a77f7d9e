package org.bulkresend.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import org.bulkresend.access.AuditTrail;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Status;
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
 * {@code --daily-limit N}: the provider's cap on messages per 24 hours. Before the resend step and
 * after each full chunk, if the messages sent in the last 24 hours by any run (the audit trail
 * counts them) plus a whole chunk would pass the limit, the step stops at that chunk boundary,
 * before resetting anyone else: the run ends STOPPED, and running the same command again later
 * continues where it stopped. A chunk smaller than the chunk size was the step's last, so nothing
 * stops after it. Users already reset but not told (the resendUntold step) are told even at the
 * limit: leaving them with a password nobody told them outweighs the quota. The chunk size of a
 * run with a limit is at most the limit, so every day gets at least one chunk.
 */
public final class DailyLimit implements StepExecutionListener, ChunkListener<Object, Object> {

    private static final Logger logger = LoggerFactory.getLogger(DailyLimit.class);

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")
        .withZone(ZoneId.systemDefault());

    /** The window the limit counts over, ending now. */
    public static final Duration WINDOW = Duration.ofHours(24);

    private final int limit;

    private final int chunkSize;

    private final AuditTrail auditTrail;

    private final Ledger ledger;

    private final Clock clock;

    private volatile String reached;

    /**
     * @param limit messages per 24 hours, or 0 for no limit
     * @param chunkSize the chunk size of the run, at most the limit: the most messages one chunk sends
     */
    DailyLimit(int limit, int chunkSize, AuditTrail auditTrail, Ledger ledger, Clock clock) {
        this.limit = limit;
        this.chunkSize = chunkSize;
        this.auditTrail = auditTrail;
        this.ledger = ledger;
        this.clock = clock;
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

    /**
     * When a whole chunk fits again: once as many of the window's oldest messages have left it as
     * the chunk needs (not when the first one leaves, after which the next chunk may still not fit),
     * rounded up to the minute, since the admin is told the time to the minute.
     */
    private Instant nextChunkFits(Instant since, long sent, Instant now) {
        Instant last = this.auditTrail.messageSentSince(since, sent + this.chunkSize - this.limit);
        if (last == null) {
            return now;
        }
        Instant leaves = last.plus(WINDOW);
        Instant minute = leaves.truncatedTo(ChronoUnit.MINUTES);
        return minute.equals(leaves) ? leaves : minute.plus(1, ChronoUnit.MINUTES);
    }

    /**
     * The messages that count against the limit now: those handed to the mail server in the last 24
     * hours by any run, as the audit trail has them. {@code check} shows the same count.
     */
    public static long sentInWindow(AuditTrail auditTrail, Instant now) {
        return auditTrail.messagesSentSince(now.minus(WINDOW));
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
        if (this.limit <= 0) {
            return;
        }
        Instant now = this.clock.instant();
        Instant since = now.minus(WINDOW);
        long sent = sentInWindow(this.auditTrail, now);
        if (sent + this.chunkSize > this.limit && !everyRowHandled(stepExecution)) {
            Instant next = nextChunkFits(since, sent, now);
            this.reached = "The daily limit of " + this.limit + " messages is reached: " + sent
                    + " were sent in the last 24 hours, and the next chunk could send " + this.chunkSize
                    + ". The run stopped before resetting anyone else. Run the same command again after "
                    + WHEN.format(next) + " (or on the next scheduled run) to continue where it stopped.";
            logger.warn(this.reached);
            stepExecution.setTerminateOnly();
        }
    }
}
