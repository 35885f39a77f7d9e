package org.bulkresend.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.TapPolicy;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.input.InputFile;
import org.bulkresend.input.InputRejectedException;
import org.bulkresend.job.PreviewSequence;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.MailRouteException;
import org.bulkresend.notify.MailRoutes;
import org.bulkresend.notify.MailSettingsException;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.report.OutputFolders;
import org.bulkresend.report.ReportWriter;
import org.bulkresend.run.RunOutcome.Kind;

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

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(ZoneId.systemDefault());

    private final Directory directory;

    private final Ledger ledger;

    private final MailRoutes mailRoutes;

    private final MessageComposer composer;

    private final ReportWriter reportWriter;

    private final RunnerSettings settings;

    private final Clock clock;

    DryRunner(Directory directory, Ledger ledger, MailRoutes mailRoutes, MessageComposer composer,
            ReportWriter reportWriter, RunnerSettings settings, Clock clock) {
        this.directory = directory;
        this.ledger = ledger;
        this.mailRoutes = mailRoutes;
        this.composer = composer;
        this.reportWriter = reportWriter;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * What a run of this file would do now, row by row, counted by status and written nowhere: the
     * dry run without its previews and report, for the plan a run shows before its first change and
     * for {@code check --input}. The file was admitted and the route chosen by the caller.
     *
     * @param policy the directory's pass policy for a run that issues Temporary Access Passes, or null
     */
    public Map<Status, Long> counts(InputFile input, RunRequest request, MailRoute route, TapPolicy policy) {
        return counts(input, request, route, policy, null);
    }

    /**
     * {@link #counts(InputFile, RunRequest, MailRoute, TapPolicy)} of what remains of a run being
     * continued: the rows it has not finished, and the users it reset but has not told.
     *
     * @param continuing the run being continued, or null for a new run
     */
    public Map<Status, Long> counts(InputFile input, RunRequest request, MailRoute route, TapPolicy policy,
            Long continuing) {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        sequence(policy).preview(input.path(), request.useSuppliedPasswords(), request.rerun(), request.operator(),
                continuing, this.mailRoutes.composeOnly(route), (entry) -> counts.merge(entry.status(), 1L, Long::sum));
        return counts;
    }

    private PreviewSequence sequence(TapPolicy policy) {
        return (policy != null)
                ? new PreviewSequence(this.directory, this.ledger, this.composer.templates(), this.settings.chunkSize(),
                        this.clock, this.settings.passes(), policy)
                : new PreviewSequence(this.directory, this.ledger, this.composer.templates(),
                        this.settings.chunkSize(), this.settings.passwordTtl(), this.clock);
    }

    public RunOutcome preview(RunRequest request) {
        InputFile input;
        try {
            input = RunAdmission.admit(request, this.composer.templates(), this.settings.newRunCredential(),
                    this.directory.nameForms());
        }
        catch (InputRejectedException ex) {
            return RunOutcome.rejected(request.input(), ex.getMessage());
        }
        PassAdmission.Admitted passes = null;
        if (this.settings.newRunCredential() == CredentialKind.TAP) {
            try {
                passes = PassAdmission.admit(this.directory, this.settings.passes(), request.useSuppliedPasswords(),
                        this.clock.instant());
            }
            catch (InputRejectedException | DirectoryRefusedException ex) {
                return RunOutcome.rejected(request.input(), ex.getMessage());
            }
            catch (DirectoryUnavailableException ex) {
                return new RunOutcome(Kind.FAILED, 0, input.path(), null, Map.of(), ex.getMessage()
                        + " Nothing was changed; run the same command again once it answers.");
            }
        }
        MailRoute route;
        try {
            route = this.mailRoutes.forNewRun();
        }
        catch (MailSettingsException ex) {
            return RunOutcome.rejected(request.input(), ex.getMessage() + " Nothing was changed.");
        }
        // The same probe as a run's; an outbox folder is not created by a run that changes nothing.
        try {
            this.mailRoutes.probe(route, true);
        }
        catch (MailRouteException ex) {
            return RunOutcomes.routeFailed(ex, input.path());
        }
        String name = input.fileName().replaceFirst("\\.[^.]*$", "");
        Path reports = this.settings.reports();
        String stem = OutputFolders.unusedStem(name + "-" + STAMP.format(this.clock.instant()),
                (taken) -> OutputFolders.exists(this.settings.previews().resolve(taken))
                        || OutputFolders.exists(reports.resolve(taken + "-dry-run-report.csv"))
                        || OutputFolders.exists(reports.resolve(taken + "-dry-run-report.html")));
        Path previews = this.settings.previews().resolve(stem).toAbsolutePath();
        Path report = (request.report() != null) ? request.report().toAbsolutePath()
                : reports.resolve(stem + "-dry-run-report.csv").toAbsolutePath();
        MailChannel previewFolder = this.mailRoutes.previewFolder(previews, route);
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        PreviewSequence sequence = sequence((passes != null) ? passes.policy() : null);
        this.reportWriter.write(report, (sink) -> sequence.preview(input.path(), request.useSuppliedPasswords(),
                request.rerun(), request.operator(), previewFolder, (entry) -> {
                    counts.merge(entry.status(), 1L, Long::sum);
                    sink.accept(entry);
                }));
        boolean problems = counts.entrySet().stream().anyMatch((e) -> e.getKey().isProblem() && e.getValue() > 0);
        long previewed = counts.getOrDefault(Status.PREVIEWED, 0L);
        return new RunOutcome(problems ? Kind.COMPLETED_WITH_PROBLEMS : Kind.COMPLETED, 0, input.path(), report,
                counts, "Dry run: nothing was reset, sent or recorded. " + previewed + " users would be "
                        + ((passes != null) ? "given a Temporary Access Pass" : "reset") + " and told"
                        + (problems ? "; the report says why the other rows would not." : "."),
                previews).withMail(route, null).withPasses((passes != null) ? passes.description() : null);
    }
}
