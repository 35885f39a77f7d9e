package org.bulkresend.followup;

import java.nio.file.Path;
import java.util.List;

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
            "timeZone", "status", "notified_at", "expires_at", "expired_at", "run", "line", "attempts", "credential" };

    private FollowUpList() {
    }

    public static void write(Path file, List<Told> users) {
        ReportWriter.writeCsv(file, HEADER, (csv) -> {
            for (Told told : users) {
                LedgerEntry entry = told.entry();
                csv.printRecord(ReportWriter.cell(entry.userPrincipalName()), ReportWriter.cell(entry.displayName()),
                        ReportWriter.cell(entry.notifyAddress()), ReportWriter.cell(entry.language()),
                        ReportWriter.cell(entry.timeZone()), entry.status().name(), ReportWriter.time(entry.notifiedAt()),
                        ReportWriter.time(entry.expiresAt()), ReportWriter.time(told.expiredAt()),
                        entry.jobInstanceId(), entry.line(), entry.attempts(), entry.credential().option());
            }
        });
    }
}
