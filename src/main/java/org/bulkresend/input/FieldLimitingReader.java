package org.bulkresend.input;

import java.io.IOException;
import java.io.Reader;

/**
 * Hands the CSV parser at most {@code fieldLimit} characters of any field's value, so that memory
 * does not grow with a field: the parser keeps a whole field in memory, and one 50 MB cell (a
 * pasted document, a broken export) ran a 96 MB heap out of memory. A longer value reaches the
 * parser as its first {@code fieldLimit} characters, its line breaks and a {@value #CUT}: one
 * character too many, so its row is rejected as too long, with its reason. Nothing else about the record changes.
 * <p>
 * It follows the parser's reading of the file (a field is quoted if its first non-blank character
 * is the quote, {@code ""} inside quotes is one quote, line breaks inside quotes belong to the
 * field, blanks around a value are not part of it) so that it never drops a delimiter, a quote or a
 * line break: the parser needs the first two, and numbers lines by the last. Blanks before a value
 * are dropped, as the parser would; blanks after it count, so a value followed by more blanks than
 * the limit is rejected too. A record whose kept characters still exceed {@code recordLimit} (tens
 * of thousands of fields) cannot be read safely: that is an {@link IOException}, which rejects the
 * file.
 */
final class FieldLimitingReader extends Reader {

    private static final char QUOTE = '"';

    /** The last character of a field that was cut. */
    static final char CUT = '\u2026';

    private enum State {
        /** Before a field's first non-blank character. */
        START,
        /** In a field that did not start with a quote. */
        UNQUOTED,
        /** In a quoted field. */
        QUOTED,
        /** Just after a quote in a quoted field: the end of the field, or the first of {@code ""}. */
        QUOTE_SEEN,
        /** After a quoted field's closing quote, until the delimiter. */
        AFTER_QUOTED
    }

    private final Reader in;

    private final char delimiter;

    private final int fieldLimit;

    private final int recordLimit;

    private State state = State.START;

    private int fieldLength;

    private int recordLength;

    /** Whether the current field's value has started: its first character that is not a blank. */
    private boolean valueStarted;

    /** Whether the current field was longer than the limit: its end is dropped. */
    private boolean cut;

    private long line = 1;

    /** Characters read from the file and not looked at yet. */
    private final char[] input = new char[8192];

    private int inputStart;

    private int inputEnd;

    private boolean ended;

    /** Characters for the parser that did not fit in its buffer yet (at most three per character read). */
    private final char[] output = new char[3];

    private int outputStart;

    private int outputEnd;

    FieldLimitingReader(Reader in, char delimiter, int fieldLimit, int recordLimit) {
        this.in = in;
        this.delimiter = delimiter;
        this.fieldLimit = fieldLimit;
        this.recordLimit = recordLimit;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int count = 0;
        while (count < length) {
            if (this.outputStart < this.outputEnd) {
                buffer[offset + count++] = this.output[this.outputStart++];
                continue;
            }
            this.outputStart = 0;
            this.outputEnd = 0;
            if (this.inputStart == this.inputEnd) {
                if (count > 0 || this.ended) {
                    break; // hand out what there is rather than wait for more
                }
                int read = this.in.read(this.input, 0, this.input.length);
                if (read < 0) {
                    this.ended = true;
                    finishValue();
                    if (this.state == State.QUOTE_SEEN) {
                        this.state = State.AFTER_QUOTED;
                        out(QUOTE);
                    }
                    continue;
                }
                this.inputStart = 0;
                this.inputEnd = read;
                continue;
            }
            accept(this.input[this.inputStart++]);
        }
        return (count == 0) ? -1 : count;
    }

    /** Handles one character of the file: queues what the parser gets of it (nothing, it, or a held quote and it). */
    private void accept(char c) throws IOException {
        if (c == '\n') {
            this.line++;
        }
        switch (this.state) {
            case QUOTE_SEEN -> {
                if (c == QUOTE) {
                    this.state = State.QUOTED; // "" inside quotes: one quote of the value
                    valueChar(QUOTE, true);
                    return;
                }
                this.state = State.AFTER_QUOTED;
                finishValue();
                out(QUOTE);
                outsideQuotes(c);
            }
            case QUOTED -> {
                if (c == QUOTE) {
                    this.state = State.QUOTE_SEEN; // decided by the next character
                }
                else {
                    valueChar(c, false);
                }
            }
            default -> outsideQuotes(c);
        }
    }

    /** START, UNQUOTED and AFTER_QUOTED, where a delimiter or a line break ends the field. */
    private void outsideQuotes(char c) throws IOException {
        if (c == this.delimiter || c == '\n' || c == '\r') {
            finishValue();
            this.state = State.START;
            this.fieldLength = 0;
            this.valueStarted = false;
            out(c);
            if (c != this.delimiter) {
                this.recordLength = 0;
            }
            return;
        }
        if (this.state == State.AFTER_QUOTED) {
            if (!Character.isWhitespace(c)) {
                out(c); // not CSV: the parser says so
            }
            return;
        }
        if (this.state == State.START && c == QUOTE) {
            this.state = State.QUOTED;
            out(c);
            return;
        }
        if (this.state == State.START && !Character.isWhitespace(c)) {
            this.state = State.UNQUOTED;
        }
        valueChar(c, false);
    }

    /**
     * One character of a field's content. Blanks before the value are dropped (the parser drops
     * them too); from the value's first character on, the characters are counted, and past the
     * limit they are dropped, but for line breaks, by which the parser counts lines and
     * {@link CsvSource} finds where a record starts.
     *
     * @param escapedQuote a quote written {@code ""}, which the parser needs doubled
     */
    private void valueChar(char c, boolean escapedQuote) throws IOException {
        boolean lineBreak = c == '\n' || c == '\r';
        if (!this.valueStarted && Character.isWhitespace(c) && !lineBreak) {
            return;
        }
        if (this.valueStarted && !this.cut && ++this.fieldLength > this.fieldLimit) {
            this.cut = true;
        }
        if (lineBreak) {
            out(c);
            return;
        }
        if (!this.valueStarted) {
            this.valueStarted = true;
            this.fieldLength = 1;
        }
        if (!this.cut) {
            out(c);
            if (escapedQuote) {
                out(c);
            }
        }
    }

    /**
     * At the end of a field that was cut, its last character: not a blank, after the line breaks
     * kept, so that the parser's trimming keeps them and cannot make the field short again.
     */
    private void finishValue() throws IOException {
        if (this.cut) {
            this.cut = false;
            out(CUT);
        }
    }

    private void out(char c) throws IOException {
        this.output[this.outputEnd++] = c;
        this.recordLength++;
        if (this.recordLength > this.recordLimit) {
            throw new IOException("the record on line " + this.line + " is longer than " + this.recordLimit
                    + " characters even with each field cut to " + this.fieldLimit);
        }
    }

    @Override
    public void close() throws IOException {
        this.in.close();
    }
}
