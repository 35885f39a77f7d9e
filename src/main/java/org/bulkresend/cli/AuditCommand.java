package org.bulkresend.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import org.bulkresend.access.AuditTrail;
import org.bulkresend.report.ReportWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show or export the audit trail: every operator sign-in, reset, denial and message, with time, "
                + "operator, target, outcome and reason. Never a password.")
class AuditCommand implements Callable<Integer> {

    private static final String[] HEADER = { "at", "operator", "action", "outcome", "target", "run", "reason" };

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
        .withZone(ZoneId.systemDefault());

    @Option(names = "--since", paramLabel = "DATE", description = "Only events from this day (2026-11-22) or moment "
            + "(2026-11-22T09:30) on, local time.")
    String since;

    @Option(names = "--operator", paramLabel = "UPN", description = "Only this operator's events.")
    String operator;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the events to this CSV file instead.")
    Path csv;

    @Option(names = "--json", description = "Print the events as a JSON array, for scripts: at, operator, action, "
            + "outcome, target, run and reason of each.")
    boolean json;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        Instant from = parse(this.since);
        if (this.json && this.csv != null) {
            throw new UsageException("Give --csv FILE or --json, not both.");
        }
        return this.data.reading((session, out, err) -> {
            AuditTrail trail = session.bean(AuditTrail.class);
            if (this.json) {
                JsonLines.array(out, (json) -> trail.forEach(from, this.operator, (event) -> {
                    json.writeStartObject();
                    json.writeStringProperty("at", event.at().toString());
                    json.writeStringProperty("operator", event.operator());
                    json.writeStringProperty("action", event.action().name());
                    json.writeStringProperty("outcome", event.outcome());
                    json.writeStringProperty("target", event.target());
                    if (event.run() != null) {
                        json.writeNumberProperty("run", event.run());
                    }
                    else {
                        json.writeNullProperty("run");
                    }
                    json.writeStringProperty("reason", event.reason());
                    json.writeEndObject();
                }));
                return ExitCodes.OK;
            }
            if (this.csv != null) {
                // The export is opened in spreadsheets like the report, and holds text from outsiders
                // (an operator name as typed, a mail server's reply): the same cells, owner-only, and
                // written whole or not at all. No byte order mark, as before, for the scripts that read it.
                int[] count = { 0 };
                try {
                    ReportWriter.writeCsv(this.csv, false, HEADER, (printer) -> trail.forEach(from, this.operator,
                            (event) -> {
                                try {
                                    printer.printRecord(event.at().toString(), ReportWriter.cell(event.operator()),
                                            event.action(), event.outcome(), ReportWriter.cell(event.target()),
                                            event.run(), ReportWriter.cell(event.reason()));
                                    count[0]++;
                                }
                                catch (IOException ex) {
                                    throw new UncheckedIOException(ex);
                                }
                            }));
                }
                catch (UncheckedIOException ex) {
                    throw new UsageException("Cannot write " + this.csv + ": " + ex.getCause().getMessage());
                }
                out.println(count[0] + " events written to " + this.csv.toAbsolutePath());
                return ExitCodes.OK;
            }
            String format = "%-19s %-32s %-8s %-9s %-34s %-4s %s%n";
            out.printf(format, "AT", "OPERATOR", "ACTION", "OUTCOME", "TARGET", "RUN", "REASON");
            trail.forEach(from, this.operator, (event) -> out.printf(format, WHEN.format(event.at()),
                    Printable.of(event.operator()), event.action(), event.outcome(),
                    (event.target() != null) ? Printable.of(event.target()) : "-",
                    (event.run() != null) ? event.run() : "-",
                    (event.reason() != null) ? Printable.of(event.reason()) : ""));
            return ExitCodes.OK;
        });
    }

    private static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return (text.contains("T") ? LocalDateTime.parse(text) : LocalDate.parse(text).atStartOfDay())
                .atZone(ZoneId.systemDefault()).toInstant();
        }
        catch (DateTimeParseException ex) {
            throw new UsageException("--since takes a day (2026-11-22) or a moment (2026-11-22T09:30), not '" + text
                    + "'.");
        }
    }
}
