package org.bulkresend.job;

import java.util.List;
import java.util.Objects;

import org.bulkresend.instance.RunLocks;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The resend steps' writer: hands each chunk to the {@link ResetAndTell} sequence, once this
 * instance has confirmed it still holds the run (with a shared database, another instance may take
 * over a run whose holder lost its connection). The chunk's own commit then moves the reader on;
 * the sequence has already committed every outcome on its own.
 */
class ResendItemWriter implements ItemWriter<ResendItem> {

    private final ResetAndTell sequence;

    private final RunLocks locks;

    private final String sha256;

    /** @param sha256 the run's file content, which this instance holds in {@code locks} */
    ResendItemWriter(ResetAndTell sequence, RunLocks locks, String sha256) {
        this.sequence = sequence;
        this.locks = locks;
        this.sha256 = sha256;
    }

    /**
     * Also holds the chunk's users while it resets and tells them: another instance running another
     * file that names one of them waits, then finds them told (design: 'no double reset').
     */
    @Override
    public void write(Chunk<? extends ResendItem> chunk) {
        this.locks.confirm(this.sha256);
        List<String> users = chunk.getItems().stream().map(ResendItem::userKey).filter(Objects::nonNull).toList();
        try (RunLocks.Hold hold = this.locks.holdUsers(users)) {
            this.sequence.chunk(chunk.getItems());
        }
    }
}
