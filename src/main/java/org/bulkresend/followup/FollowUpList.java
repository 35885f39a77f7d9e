package org.bulkresend.followup;

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
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.bulkresend.ledger.Ledger.Told;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.report.ReportWriter;

/**
 * The users to follow up, as a CSV that is also an input file: {@code run --input FILE --rerun}
 * (or {@code followup --resend}) resets and tells them again. The address is the one they were told
 * at; correct it in the file first if that was the problem. UTF-8 with a byte order mark for Excel,
 * and no cell a spreadsheet would run as a formula.
 */
public final class FollowUpList {

    static final String[] HEADER = { "userPrincipalName", "displayName", "alternateEmail", "preferredLanguage",
            "status", "notified_at", "expires_at", "expired_at", "run", "line", "attempts" };

    private FollowUpList() {
    }

    public static void write(Path file, List<Told> users) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".partial");
            try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
                    CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
                out.write('\uFEFF');
                csv.printRecord((Object[]) HEADER);
                for (Told told : users) {
                    LedgerEntry entry = told.entry();
                    csv.printRecord(ReportWriter.cell(entry.userPrincipalName()), ReportWriter.cell(entry.displayName()),
                            ReportWriter.cell(entry.notifyAddress()), ReportWriter.cell(entry.language()),
                            entry.status().name(), time(entry.notifiedAt()), time(entry.expiresAt()),
                            time(told.expiredAt()), entry.jobInstanceId(), entry.line(), entry.attempts());
                }
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not write the follow-up list " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static String time(Instant instant) {
        return (instant != null) ? DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS)) : "";
    }
}
