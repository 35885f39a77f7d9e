package org.bulkresend.job;

import java.util.Map;

import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Status;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Tells whoever watches how far a run is: rows done of the file's total and problems so far,
 * counted from the ledger (so a continued run starts where the last one got to). The command
 * line shows it as a progress bar or as log lines; nothing is shown unless a view is set.
 */
public class RunProgress implements StepExecutionListener, ChunkListener<Object, Object> {

    /** At most this often the ledger is counted. */
    private static final long INTERVAL_NANOS = 250_000_000L;

    private final Ledger ledger;

    private volatile View view;

    private long jobInstanceId;

    private long lastUpdate;

    RunProgress(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Shows progress on this view from now on; null shows none. */
    public void showWith(View view) {
        this.view = view;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        View current = this.view;
        if (current == null) {
            return;
        }
        this.jobInstanceId = stepExecution.getJobExecution().getJobInstanceId();
        long total = stepExecution.getJobExecution().getExecutionContext().getLong(PreflightTasklet.ROWS_KEY, 0L);
        long[] counts = counts();
        current.started(total, counts[0], counts[1]);
        this.lastUpdate = System.nanoTime();
    }

    @Override
    public void afterChunk(Chunk<Object> chunk) {
        View current = this.view;
        long now = System.nanoTime();
        if (current == null || now - this.lastUpdate < INTERVAL_NANOS) {
            return;
        }
        this.lastUpdate = now;
        long[] counts = counts();
        current.progressed(counts[0], counts[1]);
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        View current = this.view;
        if (current != null) {
            long[] counts = counts();
            current.progressed(counts[0], counts[1]);
            current.finished();
        }
        return null;
    }

    /** Rows done and rows with a problem so far. */
    private long[] counts() {
        Map<Status, Long> counts = this.ledger.countByStatus(this.jobInstanceId);
        long done = 0;
        long problems = 0;
        for (Map.Entry<Status, Long> count : counts.entrySet()) {
            done += count.getValue();
            if (count.getKey().isProblem()) {
                problems += count.getValue();
            }
        }
        return new long[] { done, problems };
    }

    /** Where progress is shown. */
    public interface View {

        /** The step starts, with this many rows in the file, of which some were done before. */
        void started(long total, long done, long problems);

        void progressed(long done, long problems);

        void finished();
    }
}
