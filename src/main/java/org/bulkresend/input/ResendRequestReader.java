package org.bulkresend.input;

import java.nio.file.Path;

import org.bulkresend.input.CsvSource.CsvRow;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Streams the input file row by row; memory does not grow with the file. Its position (rows
 * handed out) is saved with every committed chunk, so a restart resumes after the last chunk
 * that committed and re-reads only the one that did not.
 */
public class ResendRequestReader implements ItemStreamReader<ResendRequest> {

    static final String POSITION_KEY = "resend.reader.rows";

    private final Path path;

    private CsvSource source;

    private RowParser parser;

    private long rows;

    public ResendRequestReader(Path path) {
        this.path = path;
    }

    @Override
    public void open(ExecutionContext executionContext) throws ItemStreamException {
        this.source = CsvSource.open(this.path);
        this.parser = new RowParser(ColumnMapping.of(this.source.header()));
        long resumeAt = executionContext.getLong(POSITION_KEY, 0L);
        this.rows = 0;
        while (this.rows < resumeAt && this.source.next(this.path) != null) {
            this.rows++;
        }
    }

    @Override
    public ResendRequest read() {
        CsvRow row = this.source.next(this.path);
        if (row == null) {
            return null;
        }
        this.rows++;
        return this.parser.parse(row);
    }

    @Override
    public void update(ExecutionContext executionContext) {
        executionContext.putLong(POSITION_KEY, this.rows);
    }

    @Override
    public void close() {
        if (this.source != null) {
            this.source.close();
            this.source = null;
        }
    }
}
