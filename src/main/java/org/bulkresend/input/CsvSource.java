package org.bulkresend.input;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Opens a CSV file the way Excel and the Microsoft admin centers write them: UTF-8 with or
 * without a byte order mark, UTF-16 with one, comma, semicolon or tab as the delimiter
 * (whichever the header line uses), and the Entra templates' {@code version:v1.0} first line.
 * Bytes that do not decode are an error naming the line, never silently replaced characters.
 * Memory does not grow with a field: a field longer than a row may have reaches the parser cut
 * ({@link FieldLimitingReader}) and its row is rejected as too long.
 * <p>
 * Longer than this project's usual 300 lines on purpose: telling the encoding, the delimiter and
 * the template's first line apart are decisions about the same first bytes, taken in one order.
 */
public final class CsvSource implements Closeable {

    /**
     * The most characters one record may have once each field is cut to
     * {@link RowParser#MAX_FIELD_LENGTH}: a file past it (a header or a row of tens of thousands of
     * fields) is rejected rather than read into memory.
     */
    static final int MAX_RECORD_LENGTH = 64 * 1024;

    private final CSVParser parser;

    private final Iterator<CSVRecord> records;

    private final List<String> header;

    private final long linesBeforeParser;

    private final Charset charset;

    private final char delimiter;

    private final InputFormat format;

    private final boolean byteOrderMark;

    private long lastGoodLine;

    private CsvSource(CSVParser parser, List<String> header, long linesBeforeParser, Charset charset,
            boolean byteOrderMark, char delimiter, InputFormat format) {
        this.parser = parser;
        this.records = parser.iterator();
        this.header = header;
        this.linesBeforeParser = linesBeforeParser;
        this.charset = charset;
        this.delimiter = delimiter;
        this.format = format;
        this.byteOrderMark = byteOrderMark;
        this.lastGoodLine = linesBeforeParser;
    }

    public static CsvSource open(Path path) {
        try {
            PushbackInputStream in = new PushbackInputStream(Files.newInputStream(path), SNIFF_BYTES);
            try {
                rejectBinary(in, path);
                Encoding encoding = skipByteOrderMark(in);
                Charset charset = encoding.charset();
                boolean byteOrderMark = encoding.byteOrderMark();
                CharsetDecoder decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder), 64 * 1024);
                return start(reader, charset, byteOrderMark, path);
            }
            catch (RuntimeException | IOException ex) {
                in.close();
                throw ex;
            }
        }
        catch (IOException ex) {
            throw new InputRejectedException("Input file could not be read: " + path + " (" + ex.getMessage() + ")",
                    ex);
        }
    }

    private static CsvSource start(BufferedReader reader, Charset charset, boolean byteOrderMark, Path path)
            throws IOException {
        long skipped = 0;
        boolean versionLine = false;
        String first = readFirstLine(reader, charset, path);
        while (first != null && first.isBlank()) {
            skipped++;
            first = readFirstLine(reader, charset, path);
        }
        if (first == null) {
            throw new InputRejectedException("Input file has no header line (it is empty or blank): " + path);
        }
        if (first.toLowerCase(Locale.ROOT).startsWith("version:")) {
            skipped++;
            versionLine = true;
            first = readFirstLine(reader, charset, path);
            if (first == null) {
                throw new InputRejectedException("Input file has a version line but no header line: " + path);
            }
        }
        if (first.indexOf('\0') >= 0) {
            throw new InputRejectedException(path + " looks like a binary file, not a CSV file (it contains NUL bytes)."
                    + " Save it as 'CSV UTF-8' and try again.");
        }
        char delimiter = detectDelimiter(first);
        CSVFormat format = CSVFormat.DEFAULT.builder()
            .setDelimiter(delimiter)
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            .get();
        List<String> header = new ArrayList<>();
        try (CSVParser headerParser = CSVParser.parse(first, format)) {
            for (CSVRecord record : headerParser) {
                record.forEach(header::add);
            }
        }
        Reader limited = new FieldLimitingReader(reader, delimiter, RowParser.MAX_FIELD_LENGTH, MAX_RECORD_LENGTH);
        CSVParser parser = CSVParser.builder().setReader(limited).setFormat(format).get();
        return new CsvSource(parser, List.copyOf(header), skipped + 1, charset, byteOrderMark, delimiter,
                InputFormat.detect(header, versionLine));
    }

    /** Like {@link BufferedReader#readLine()}, but a line longer than a record may be rejects the file. */
    private static String readFirstLine(BufferedReader reader, Charset charset, Path path) throws IOException {
        try {
            StringBuilder line = new StringBuilder();
            for (int c = reader.read(); c >= 0; c = reader.read()) {
                if (c == '\n') {
                    return line.toString();
                }
                if (c == '\r') {
                    reader.mark(1);
                    if (reader.read() != '\n') {
                        reader.reset();
                    }
                    return line.toString();
                }
                if (line.length() == MAX_RECORD_LENGTH) {
                    throw new InputRejectedException("The input file " + path + " has no CSV header line: its first "
                            + "line is longer than " + MAX_RECORD_LENGTH + " characters.");
                }
                line.append((char) c);
            }
            return line.isEmpty() ? null : line.toString();
        }
        catch (CharacterCodingException ex) {
            throw notDecodable(path, charset);
        }
    }

    public List<String> header() {
        return this.header;
    }

    public Charset charset() {
        return this.charset;
    }

    public char delimiter() {
        return this.delimiter;
    }

    /** "UTF-8", "UTF-8 with byte order mark", "UTF-16LE with byte order mark". */
    public String encoding() {
        return this.charset.name() + (this.byteOrderMark ? " with byte order mark" : "");
    }

    public InputFormat format() {
        return this.format;
    }

    /** The next record, or null at the end of the file. */
    public CsvRow next(Path path) {
        try {
            if (!this.records.hasNext()) {
                return null;
            }
            CSVRecord record = this.records.next();
            long lastLine = this.linesBeforeParser + this.parser.getCurrentLineNumber();
            long firstLine = lastLine - embeddedLineBreaks(record);
            this.lastGoodLine = lastLine;
            return new CsvRow(firstLine, record.stream().toList());
        }
        catch (UncheckedIOException ex) {
            if (ex.getCause() instanceof CharacterCodingException) {
                throw notDecodable(path, this.charset);
            }
            if (String.valueOf(ex.getCause().getMessage()).contains("encapsulated token")) {
                throw new InputRejectedException("The input file " + path + " is not valid CSV: a quoted field that "
                        + "starts after line " + this.lastGoodLine + " is never closed (a missing closing \").");
            }
            throw new InputRejectedException("Input file could not be read: " + path + " (" + ex.getCause().getMessage()
                    + ")", ex);
        }
        catch (IllegalStateException ex) {
            throw new InputRejectedException("Input file is not valid CSV near line "
                    + (this.linesBeforeParser + this.parser.getCurrentLineNumber() + 1)
                    + " (an opening quote without its closing quote?): " + path, ex);
        }
    }

    /**
     * The reader decodes ahead of the parser, so the failure's position says little: find the
     * first line that does not decode by reading the bytes again, line by line.
     */
    private static InputRejectedException notDecodable(Path path, Charset charset) {
        String where = firstUndecodableLine(path, charset).map((line) -> "Line " + line + " of " + path)
            .orElse("The file " + path);
        return new InputRejectedException(where + " is not valid " + charset.name()
                + " text. Save the file as 'CSV UTF-8' (in Excel: File > Save As > CSV UTF-8) and try again.");
    }

    static Optional<Long> firstUndecodableLine(Path path, Charset charset) {
        if (!charset.equals(StandardCharsets.UTF_8)) {
            return Optional.empty();
        }
        CharsetDecoder decoder = charset.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long number = 1;
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b < 0) {
                    try {
                        decoder.reset().decode(ByteBuffer.wrap(line.toByteArray()));
                    }
                    catch (CharacterCodingException ex) {
                        return Optional.of(number);
                    }
                    if (b < 0) {
                        return Optional.empty();
                    }
                    line.reset();
                    number++;
                }
                else {
                    line.write(b);
                }
            }
        }
        catch (IOException ex) {
            return Optional.empty();
        }
    }

    private static long embeddedLineBreaks(CSVRecord record) {
        long breaks = 0;
        for (String value : record) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n'))) {
                    breaks++;
                }
            }
        }
        return breaks;
    }

    private static final int SNIFF_BYTES = 4096;

    /**
     * A workbook or a PDF saved under a .csv name is a common mistake: say what the file is and
     * how to get a CSV from it, rather than failing on its bytes.
     */
    private static void rejectBinary(PushbackInputStream in, Path path) throws IOException {
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.unread(head);
        String saveAs = " Open it in Excel and use File > Save As > CSV UTF-8, then give that file.";
        if (startsWith(head, 0x50, 0x4B, 0x03, 0x04)) {
            throw new InputRejectedException(path + " is an Excel workbook (.xlsx) or a zip archive, not a CSV file."
                    + saveAs);
        }
        if (startsWith(head, 0xD0, 0xCF, 0x11, 0xE0)) {
            throw new InputRejectedException(path + " is an Excel 97-2003 workbook (.xls), not a CSV file." + saveAs);
        }
        if (startsWith(head, '%', 'P', 'D', 'F')) {
            throw new InputRejectedException(path + " is a PDF document, not a CSV file.");
        }
        boolean utf16 = startsWith(head, 0xFF, 0xFE) || startsWith(head, 0xFE, 0xFF);
        for (byte b : head) {
            if (b == 0 && !utf16) {
                throw new InputRejectedException(path + " looks like a binary file, not a CSV file (it contains NUL "
                        + "bytes)." + saveAs);
            }
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static Encoding skipByteOrderMark(PushbackInputStream in) throws IOException {
        byte[] head = in.readNBytes(3);
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            return new Encoding(StandardCharsets.UTF_8, true);
        }
        if (startsWith(head, 0xFF, 0xFE)) {
            in.unread(head, 2, head.length - 2);
            return new Encoding(StandardCharsets.UTF_16LE, true);
        }
        if (startsWith(head, 0xFE, 0xFF)) {
            in.unread(head, 2, head.length - 2);
            return new Encoding(StandardCharsets.UTF_16BE, true);
        }
        in.unread(head);
        return new Encoding(StandardCharsets.UTF_8, false);
    }

    private record Encoding(Charset charset, boolean byteOrderMark) {
    }

    static char detectDelimiter(String headerLine) {
        char best = ',';
        long bestCount = 0;
        for (char candidate : new char[] { ',', ';', '\t' }) {
            long count = headerLine.chars().filter((c) -> c == candidate).count();
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }

    @Override
    public void close() {
        try {
            this.parser.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** One record and the line of the file it starts on. */
    public record CsvRow(long line, List<String> values) {
    }
}
