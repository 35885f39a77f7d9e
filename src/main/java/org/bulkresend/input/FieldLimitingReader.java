package org.bulkresend.input;

import java.io.IOException;
import java.io.Reader;

/**
 * Hands the CSV parser at most {@code fieldLimit} characters of any field, so that memory does not
 * grow with a field: the CSV parser keeps a whole field in memory, and one 50 MB cell (a pasted
 * document, a broken export) ran a small heap out of memory. A longer field reaches the parser cut
 * to {@code fieldLimit} characters, which is enough for the row to be rejected as too long, with its
 * reason; nothing else about the record changes.
 * <p>
 * It follows the parser's reading of the file (a field is quoted if its first non-blank character is
 * the quote, {@code ""} inside quotes is one quote, line breaks inside quotes belong to the field) so
 * that it never drops a delimiter, a quote or a line break: the parser needs the first two, and
 * numbers lines by the last. A record whose kept
 * characters still exceed {@code recordLimit} (tens of thousands of fields) cannot be read safely:
 * that is an {@link IOException}, which rejects the file.
 */
final class FieldLimitingReader extends Reader {

    private static final char QUOTE = '"';

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

    private long line = 1;

    /** Characters read from the file and not looked at yet. */
    private final char[] input = new char[8192];

    private int inputStart;

    private int inputEnd;

    private boolean ended;

    /** Characters for the parser that did not fit in its buffer yet (at most two per character read). */
    private final char[] output = new char[2];

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
                    // "" inside quotes: one character of the field, both kept or both dropped.
                    this.state = State.QUOTED;
                    if (fieldChar()) {
                        out(QUOTE);
                        out(QUOTE);
                    }
                    return;
                }
                this.state = State.AFTER_QUOTED;
                out(QUOTE);
                outsideQuotes(c);
            }
            case QUOTED -> {
                if (c == QUOTE) {
                    this.state = State.QUOTE_SEEN; // decided by the next character
                }
                else if (fieldChar() || c == '\n' || c == '\r') {
                    out(c); // line breaks are kept, past the limit too: the parser numbers lines by them
                }
            }
            default -> outsideQuotes(c);
        }
    }

    /** START, UNQUOTED and AFTER_QUOTED, where a delimiter or a line break ends the field. */
    private void outsideQuotes(char c) throws IOException {
        if (c == this.delimiter || c == '\n' || c == '\r') {
            this.state = State.START;
            this.fieldLength = 0;
            out(c);
            if (c != this.delimiter) {
                this.recordLength = 0;
            }
            return;
        }
        if (this.state == State.START) {
            if (c == QUOTE) {
                this.state = State.QUOTED;
                out(c);
                return;
            }
            if (!Character.isWhitespace(c)) {
                this.state = State.UNQUOTED;
            }
        }
        if (fieldChar()) {
            out(c);
        }
    }

    /** Counts one character of the current field; false if it is past the limit and is dropped. */
    private boolean fieldChar() {
        this.fieldLength++;
        return this.fieldLength <= this.fieldLimit;
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
