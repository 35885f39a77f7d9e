package org.bulkresend.job;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.bulkresend.settings.BulkResendProperties;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.Directory.PasswordReset;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.input.InputFile;
import org.bulkresend.input.InputRejectedException;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.input.ResendRequestReader;
import org.bulkresend.input.UserKeySet;
import org.bulkresend.job.RunOutcome.Kind;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.Delivery;
import org.bulkresend.address.EmailAddresses;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.MailRouteException;
import org.bulkresend.notify.MailRoutes;
import org.bulkresend.notify.MailSettingsException;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.password.Secret;
import org.bulkresend.report.ReportWriter;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * {@code run --dry-run}: everything a run does except resetting and sending. It checks the file
 * and the mail server, looks every user up, applies the same rules as a run, writes each message
 * it would send into a preview folder with a placeholder where the password goes, and writes the
 * report with PREVIEWED or the rejection each row would get. It writes nothing to the database,
 * so the directory and the ledger stay as they were and a later real run of the file is not
 * held back by it.
 */
@Component
public class DryRunner {

    /** Stands where the password goes in a preview. */
    public static final String PASSWORD_PLACEHOLDER = "[the temporary password goes here]";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(ZoneId.systemDefault());

    private final Directory directory;

    private final Ledger ledger;

    private final MailRoutes mailRoutes;

    private final MessageComposer composer;

    private final ReportWriter reportWriter;

    private final BulkResendProperties properties;

    private final Clock clock;

    DryRunner(Directory directory, Ledger ledger, MailRoutes mailRoutes, MessageComposer composer,
            ReportWriter reportWriter, BulkResendProperties properties, Clock clock) {
        this.directory = directory;
        this.ledger = ledger;
        this.mailRoutes = mailRoutes;
        this.composer = composer;
        this.reportWriter = reportWriter;
        this.properties = properties;
        this.clock = clock;
    }

    public RunOutcome preview(RunRequest request) {
        InputFile input;
        try {
            input = RunAdmission.admit(request, this.composer.templates());
        }
        catch (InputRejectedException ex) {
            return RunOutcome.rejected(request.input(), ex.getMessage());
        }
        MailRoute route;
        try {
            route = this.mailRoutes.forNewRun();
        }
        catch (MailSettingsException ex) {
            return RunOutcome.rejected(request.input(), ex.getMessage() + " Nothing was changed.");
        }
        // The same probe as a run's; an outbox folder is not created by a run that changes nothing.
        if (route.kind() != MailRoute.Kind.OUTBOX) {
            try {
                this.mailRoutes.open(route).check();
            }
            catch (MailRouteException ex) {
                return ex.refused() ? RunOutcome.rejected(input.path(), ex.getMessage() + " Nothing was changed.")
                        : new RunOutcome(Kind.FAILED, 0, input.path(), null, Map.of(), ex.getMessage());
            }
        }
        String name = input.fileName().replaceFirst("\\.[^.]*$", "");
        String stamp = STAMP.format(this.clock.instant());
        Path previews = this.properties.outDir().resolve("preview").resolve(name + "-" + stamp).toAbsolutePath();
        Path report = (request.report() != null) ? request.report().toAbsolutePath()
                : this.properties.reports().resolve(name + "-" + stamp + "-dry-run-report.csv").toAbsolutePath();
        MailChannel previewFolder = this.mailRoutes.previewFolder(previews, route);
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        this.reportWriter.write(report, (sink) -> previewRows(input, request, previewFolder, (entry) -> {
            counts.merge(entry.status(), 1L, Long::sum);
            sink.accept(entry);
        }));
        boolean problems = counts.entrySet().stream().anyMatch((e) -> e.getKey().isProblem() && e.getValue() > 0);
        long previewed = counts.getOrDefault(Status.PREVIEWED, 0L);
        return new RunOutcome(problems ? Kind.COMPLETED_WITH_PROBLEMS : Kind.COMPLETED, 0, input.path(), report,
                counts, "Dry run: nothing was reset, sent or recorded. " + previewed + " users would be reset and told"
                        + (problems ? "; the report says why the other rows would not." : "."),
                previews).withMail(route, null);
    }

    private void previewRows(InputFile input, RunRequest request, MailChannel previewFolder,
            Consumer<LedgerEntry> sink) {
        ResendItemProcessor processor = new ResendItemProcessor(this.directory,
                ResendItemProcessor.operator(this.directory, request.operator()), this.composer.templates());
        ResetAndTell sequence = new ResetAndTell(0, DryRunner::changeNothing, previewFolder,
                new PreviewRecords(request.rerun(), sink), (item) -> Secret.of(PASSWORD_PLACEHOLDER), this.clock,
                this.properties.passwords().ttl(), null, request.operator(), request.operator());
        ResendRequestReader reader = new ResendRequestReader(input.path(), request.useSuppliedPasswords());
        reader.open(new ExecutionContext());
        try {
            List<ResendRequest> rows = new ArrayList<>(this.properties.chunkSize());
            for (ResendRequest row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
                if (rows.size() == this.properties.chunkSize()) {
                    sequence.chunk(process(processor, rows));
                    rows.clear();
                }
            }
            sequence.chunk(process(processor, rows));
        }
        finally {
            reader.close();
        }
    }

    /** The chunk's rows checked as a run checks them, its users looked up in one query. */
    private static List<ResendItem> process(ResendItemProcessor processor, List<ResendRequest> rows) {
        processor.beforeChunk(new Chunk<>(rows));
        List<ResendItem> items = rows.stream().map(processor::process).toList();
        processor.afterChunk(new Chunk<>(items));
        return items;
    }

    /** A directory that would have reset everyone, and changed nobody. */
    private static List<ResetResult> changeNothing(List<PasswordReset> resets) {
        return resets.stream().map((reset) -> new ResetResult(reset.user(), (String) null)).toList();
    }

    /**
     * The dry run's records: nothing is written to the database, and each row goes to the report
     * as the rejection it would get, or PREVIEWED, in line order.
     */
    private final class PreviewRecords implements ResetAndTell.Records {

        private final boolean rerun;

        private final Consumer<LedgerEntry> sink;

        /** Every user of the file, in 16 bytes each: a dry run of a million rows stays within a small heap. */
        private final UserKeySet seen = new UserKeySet();

        private final Map<Long, LedgerEntry> chunk = new TreeMap<>();

        PreviewRecords(boolean rerun, Consumer<LedgerEntry> sink) {
            this.rerun = rerun;
            this.sink = sink;
        }

        @Override
        public Map<Long, LedgerEntry> recorded(List<Long> lines) {
            return Map.of();
        }

        @Override
        public RowRules.Claims claims(List<String> userKeys) {
            return this.seen::putIfAbsent;
        }

        @Override
        public Map<String, LedgerEntry> notifiedBefore(List<String> userKeys) {
            return this.rerun ? Map.of() : DryRunner.this.ledger.notifiedByAnyRun(userKeys);
        }

        @Override
        public Map<String, LedgerEntry> toldBefore(List<String> userKeys) {
            return Map.of();
        }

        @Override
        public void intents(List<LedgerEntry> intents) {
        }

        @Override
        public void resets(List<ResetResult> results) {
        }

        @Override
        public void sent(ResendItem item, LedgerEntry entry, Delivery delivery) {
            String reason = (delivery.outcome() == Delivery.Outcome.ACCEPTED)
                    ? "would be reset and told at " + EmailAddresses.mask(item.address()) + "; nothing changed"
                    : "would be reset and told; the preview could not be written: " + delivery.detail();
            this.chunk.put(entry.line(), entry(item, Status.PREVIEWED, item.withLanguageNote(reason)));
        }

        @Override
        public void outcomes(List<LedgerEntry> outcomes) {
            outcomes.forEach((entry) -> this.chunk.put(entry.line(), entry));
            this.chunk.values().forEach(this.sink);
            this.chunk.clear();
        }
    }

    private static LedgerEntry entry(ResendItem item, Status status, String reason) {
        return new LedgerEntry(0, item.request().line(), item.userPrincipalName(), item.displayName(), item.address(),
                status, reason, 0, null, null, null, item.languageTag());
    }
}
