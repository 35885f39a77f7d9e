package org.bulkresend.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.bulkresend.address.EmailAddresses;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.storage.IoFailures;

/**
 * Writes a run's result report from the ledger, never from memory, so a report written after
 * a restart covers every row of the run. UTF-8 with a byte order mark so that Excel shows
 * accented and CJK names, and no cell that a spreadsheet would run as a formula.
 */
public class ReportWriter {

    static final String[] HEADER = { "line", "user_principal_name", "display_name", "notification_address", "status",
            "reason", "reset_at", "notified_at", "message_id", "language", "expires_at", "credential", "time_zone" };

    private final Ledger ledger;

    private final CsvDelimiter delimiter;

    public ReportWriter(Ledger ledger, CsvDelimiter delimiter) {
        this.ledger = ledger;
        this.delimiter = delimiter;
    }

    /** The HTML report that goes beside a CSV report: the same name, ending {@code .html}. */
    public static Path htmlBeside(Path csv) {
        return csv.resolveSibling(csv.getFileName().toString().replaceFirst("\\.csv$", "") + ".html");
    }

    /** Writes a run's report from its ledger entries. */
    public void write(long jobInstanceId, Path report) {
        write(report, (sink) -> this.ledger.forEachEntry(jobInstanceId, sink));
    }

    /**
     * Writes a report from rows pushed to it in line order, streaming, atomically: a reader
     * never sees half a report.
     */
    public void write(Path report, Consumer<Consumer<LedgerEntry>> rows) {
        writeCsv(report, true, this.delimiter, HEADER, (csv) -> rows.accept((entry) -> print(csv, entry)));
    }

    /** Prints the records of a CSV file; cells from outsiders go through {@link #cell}. */
    @FunctionalInterface
    public interface CsvBody {

        void print(CSVPrinter csv) throws IOException;
    }

    /**
     * Writes a CSV file as admins open it in a spreadsheet: UTF-8 with a byte order mark, CRLF,
     * the header first; atomically, so a reader never sees half a file.
     */
    public static void writeCsv(Path file, String[] header, CsvBody body) {
        writeCsv(file, true, header, body);
    }

    /**
     * Writes a CSV file, CRLF, the header first, with or without a byte order mark; atomically,
     * so a reader never sees half a file. The file is owner-only ({@link OwnerOnly}) from the
     * moment it exists: it names users and where they were told. The move replaces whatever was
     * at the path, a symbolic link included, rather than writing through it.
     */
    public static void writeCsv(Path file, boolean byteOrderMark, String[] header, CsvBody body) {
        writeCsv(file, byteOrderMark, CsvDelimiter.COMMA, header, body);
    }

    /** {@link #writeCsv(Path, boolean, String[], CsvBody)} with its cells separated by the delimiter. */
    public static void writeCsv(Path file, boolean byteOrderMark, CsvDelimiter delimiter, String[] header,
            CsvBody body) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            OwnerOnly.createFolders(parent);
            Path partial = OwnerOnly.createTempFile(parent, file.getFileName().toString(), ".partial");
            try (Writer out = new BufferedWriter(Files.newBufferedWriter(partial, StandardCharsets.UTF_8));
                    CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                        .setDelimiter(delimiter.character())
                        .setRecordSeparator("\r\n")
                        .get())) {
                if (byteOrderMark) {
                    out.write('\uFEFF');
                }
                csv.printRecord((Object[]) header);
                body.print(csv);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not write " + file + ": " + IoFailures.reason(ex), ex);
        }
    }

    private static void print(CSVPrinter csv, LedgerEntry entry) {
        try {
            csv.printRecord(entry.line(), cell(entry.userPrincipalName()), cell(entry.displayName()),
                    cell(EmailAddresses.mask(entry.notifyAddress())), entry.status().name(),
                    cell(EmailAddresses.maskEach(entry.reason(), entry.userPrincipalName())),
                    time(entry.resetAt()), time(entry.notifiedAt()), cell(entry.messageId()), cell(entry.language()),
                    time(entry.expiresAt()), entry.credential().option(), cell(entry.timeZone()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Neutralises spreadsheet formula injection (OWASP CSV injection): a cell that starts with
     * {@code = + - @}, a tab or a carriage return is prefixed with an apostrophe.
     */
    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + value;
        }
        return value;
    }

    /** An instant as the CSV files write it: ISO-8601 UTC to the second, or empty. */
    public static String time(Instant instant) {
        return (instant != null) ? DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS)) : "";
    }
}
