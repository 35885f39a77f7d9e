package org.bulkresend.input;

import java.nio.file.Path;
import java.util.function.LongPredicate;

import org.bulkresend.directory.NameForms;
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

    private final LongPredicate includeLine;

    private CsvSource source;

    private RowParser parser;

    private long rows;

    private final boolean savePosition;

    private final boolean useCreationPasswords;

    private final NameForms names;

    /** @param useCreationPasswords use a template's creation passwords ({@code --use-supplied-passwords}) */
    public ResendRequestReader(Path path, boolean useCreationPasswords) {
        this(path, useCreationPasswords, NameForms.PRINCIPAL_NAMES);
    }

    /**
     * @param useCreationPasswords use a template's creation passwords ({@code --use-supplied-passwords})
     * @param names how a row may name its user, which the directory decides
     */
    public ResendRequestReader(Path path, boolean useCreationPasswords, NameForms names) {
        this(path, (line) -> true, true, useCreationPasswords, names);
    }

    private ResendRequestReader(Path path, LongPredicate includeLine, boolean savePosition,
            boolean useCreationPasswords, NameForms names) {
        this.path = path;
        this.includeLine = includeLine;
        this.savePosition = savePosition;
        this.useCreationPasswords = useCreationPasswords;
        this.names = names;
    }

    /**
     * Reads only the rows that start on an accepted line (rows to redo), always from the top:
     * which rows need redoing is decided afresh each time, so there is no position to keep.
     */
    public static ResendRequestReader onlyLines(Path path, LongPredicate includeLine, boolean useCreationPasswords,
            NameForms names) {
        return new ResendRequestReader(path, includeLine, false, useCreationPasswords, names);
    }

    @Override
    public void open(ExecutionContext executionContext) throws ItemStreamException {
        this.source = CsvSource.open(this.path);
        this.parser = new RowParser(ColumnMapping.of(this.source.header()), this.useCreationPasswords, this.names);
        long resumeAt = this.savePosition ? executionContext.getLong(POSITION_KEY, 0L) : 0L;
        this.rows = 0;
        while (this.rows < resumeAt && this.source.next(this.path) != null) {
            this.rows++;
        }
    }

    @Override
    public ResendRequest read() {
        for (CsvRow row = this.source.next(this.path); row != null; row = this.source.next(this.path)) {
            this.rows++;
            if (this.includeLine.test(row.line())) {
                return this.parser.parse(row);
            }
        }
        return null;
    }

    @Override
    public void update(ExecutionContext executionContext) {
        if (this.savePosition) {
            executionContext.putLong(POSITION_KEY, this.rows);
        }
    }

    @Override
    public void close() {
        if (this.source != null) {
            this.source.close();
            this.source = null;
        }
    }
}
