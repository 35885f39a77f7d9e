package org.bulkresend.input;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
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
 */
public final class CsvSource implements Closeable {

    private final CSVParser parser;

    private final Iterator<CSVRecord> records;

    private final List<String> header;

    private final long linesBeforeParser;

    private final Charset charset;

    private final char delimiter;

    private CsvSource(CSVParser parser, List<String> header, long linesBeforeParser, Charset charset,
            char delimiter) {
        this.parser = parser;
        this.records = parser.iterator();
        this.header = header;
        this.linesBeforeParser = linesBeforeParser;
        this.charset = charset;
        this.delimiter = delimiter;
    }

    public static CsvSource open(Path path) {
        try {
            PushbackInputStream in = new PushbackInputStream(Files.newInputStream(path), 3);
            try {
                Charset charset = skipByteOrderMark(in);
                CharsetDecoder decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder), 64 * 1024);
                return start(reader, charset, path);
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

    private static CsvSource start(BufferedReader reader, Charset charset, Path path) throws IOException {
        long skipped = 0;
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
            first = readFirstLine(reader, charset, path);
            if (first == null) {
                throw new InputRejectedException("Input file has a version line but no header line: " + path);
            }
        }
        if (first.indexOf('\0') >= 0) {
            throw new InputRejectedException(
                    "Input file looks like a binary file, not a CSV: " + path + " (save it as 'CSV UTF-8')");
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
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get();
        return new CsvSource(parser, List.copyOf(header), skipped + 1, charset, delimiter);
    }

    private static String readFirstLine(BufferedReader reader, Charset charset, Path path) throws IOException {
        try {
            return reader.readLine();
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

    /** The next record, or null at the end of the file. */
    public CsvRow next(Path path) {
        try {
            if (!this.records.hasNext()) {
                return null;
            }
            CSVRecord record = this.records.next();
            long lastLine = this.linesBeforeParser + this.parser.getCurrentLineNumber();
            long firstLine = lastLine - embeddedLineBreaks(record);
            return new CsvRow(firstLine, record.stream().toList());
        }
        catch (UncheckedIOException ex) {
            if (ex.getCause() instanceof CharacterCodingException) {
                throw notDecodable(path, this.charset);
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

    private static Charset skipByteOrderMark(PushbackInputStream in) throws IOException {
        byte[] head = in.readNBytes(3);
        int b0 = (head.length > 0) ? head[0] & 0xFF : -1;
        int b1 = (head.length > 1) ? head[1] & 0xFF : -1;
        int b2 = (head.length > 2) ? head[2] & 0xFF : -1;
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            in.unread(head, 2, head.length - 2);
            return StandardCharsets.UTF_16LE;
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            in.unread(head, 2, head.length - 2);
            return StandardCharsets.UTF_16BE;
        }
        in.unread(head);
        return StandardCharsets.UTF_8;
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
