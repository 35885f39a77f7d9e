package org.bulkresend.job;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The resend steps' writer: hands each chunk to the {@link ResetAndTell} sequence. The chunk's own
 * commit then moves the reader on; the sequence has already committed every outcome on its own.
 */
class ResendItemWriter implements ItemWriter<ResendItem> {

    private final ResetAndTell sequence;

    ResendItemWriter(ResetAndTell sequence) {
        this.sequence = sequence;
    }

    @Override
    public void write(Chunk<? extends ResendItem> chunk) {
        this.sequence.chunk(chunk.getItems());
    }
}
