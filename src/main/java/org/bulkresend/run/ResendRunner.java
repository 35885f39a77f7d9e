package org.bulkresend.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.PassRequest;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.input.InputFile;
import org.bulkresend.input.InputRejectedException;
import org.bulkresend.instance.RunHeldElsewhereException;
import org.bulkresend.instance.RunLocks;
import org.bulkresend.job.ResendJobParameters;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.report.OutputFolders;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.MailRouteException;
import org.bulkresend.notify.MailRoutes;
import org.bulkresend.notify.MailSettingsException;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.run.RunOutcome.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Starts a run of an input file, or continues it. A file is known by its content: a file that
 * was processed to the end is not processed again (unless {@code --rerun}), and a run that
 * failed, was stopped or was killed is resumed where it stopped.
 */
@Component
public class ResendRunner {

    private static final Logger logger = LoggerFactory.getLogger(ResendRunner.class);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(ZoneId.systemDefault());

    private final JobOperator jobOperator;

    private final JobRepository jobRepository;

    private final Job job;

    private final Ledger ledger;

    private final MailRoutes mailRoutes;

    private final MessageComposer composer;

    private final RunnerSettings settings;

    private final Clock clock;

    private final RunIdentity runs;

    private final RunOutcomes outcomes;

    private final RunSummaryMail summary;

    private final Directory directory;

    private final RunLocks locks;

    private final DryRunner dryRunner;

    ResendRunner(JobOperator jobOperator, JobRepository jobRepository, Job bulkResendJob, Ledger ledger,
            MailRoutes mailRoutes, MessageComposer composer, RunnerSettings settings, Clock clock,
            Directory directory, RunLocks locks, DryRunner dryRunner) {
        this.directory = directory;
        this.locks = locks;
        this.dryRunner = dryRunner;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.job = bulkResendJob;
        this.ledger = ledger;
        this.mailRoutes = mailRoutes;
        this.composer = composer;
        this.settings = settings;
        this.clock = clock;
        this.runs = new RunIdentity(jobRepository, bulkResendJob);
        this.outcomes = new RunOutcomes(ledger, settings.logFile());
        this.summary = new RunSummaryMail(mailRoutes, settings.summaryTo(), clock);
    }

    /** Starts or continues a run of the request's file without asking anyone ({@link Confirmation#AUTOMATIC}). */
    public RunOutcome run(RunRequest request) {
        return run(request, Confirmation.AUTOMATIC);
    }

    /**
     * Starts or continues a run of the request's file once {@code confirmation} accepts its plan,
     * asked just before the first change.
     */
    public RunOutcome run(RunRequest request, Confirmation confirmation) {
        Path inputPath = request.input();
        Path report = request.report();
        boolean rerun = request.rerun();
        InputFile input;
        try {
            input = RunAdmission.admit(request, this.composer.templates(), (request.credential() != null)
                    ? request.credential() : this.settings.newRunCredential(), this.directory.nameForms());
        }
        catch (InputRejectedException ex) {
            return RunOutcome.rejected(inputPath, ex.getMessage());
        }
        // Held from before the repository is asked whether the file ran until the run ends: of two instances given
        // the same file at once, exactly one runs it, and the other is told which one does.
        try (RunLocks.Hold hold = this.locks.hold(input.sha256())) {
            return runHeld(input, report, rerun, request, confirmation);
        }
        catch (RunHeldElsewhereException ex) {
            return RunOutcome.heldElsewhere(inputPath, ex.getMessage());
        }
    }

    private RunOutcome runHeld(InputFile input, Path report, boolean rerun, RunRequest request,
            Confirmation confirmation) {
        Path inputPath = request.input();
        long sequence = this.runs.latestSequence(input.sha256());
        if (sequence >= 0) {
            JobExecution last = this.runs.lastExecution(input.sha256(), sequence);
            if (RunIdentity.unfinished(last)) {
                return continueRun(input, report, last, request.operator(), confirmation);
            }
            // A finished run that still holds users reset but not told (recorded by an earlier version) is
            // not "already processed": a new run of the file tells them and skips those who were told.
            if (last != null && last.getStatus() == BatchStatus.COMPLETED && !rerun
                    && this.ledger.countByStatus(last.getJobInstanceId()).getOrDefault(Status.RESET_NOT_NOTIFIED,
                            0L) == 0) {
                return this.outcomes.alreadyProcessed(input, last);
            }
            sequence++;
        }
        else {
            sequence = 0;
        }
        MailRoute route;
        try {
            route = this.mailRoutes.forNewRun();
        }
        catch (MailSettingsException ex) {
            return RunOutcome.rejected(inputPath, ex.getMessage() + " Nothing was changed.");
        }
        CredentialKind credential = (request.credential() != null) ? request.credential()
                : this.settings.newRunCredential();
        Admission passes = admitPasses(input.path(), credential, this.settings.passes(),
                request.useSuppliedPasswords());
        if (passes.refused() != null) {
            return passes.refused();
        }
        RunOutcome refused = probe(route, input.path());
        if (refused != null) {
            return refused;
        }
        if (!confirmed(confirmation, input, request, credential, passes, route, null)) {
            return RunOutcome.declined(inputPath);
        }
        JobExecution execution = launch(ResendJobParameters.forNewRun(RunIdentity.of(input.sha256(), sequence),
                input.path(), reportPath(input, report), rerun, request.useSuppliedPasswords(), request.operator(),
                this.settings.passwordTtl(), route, credential, this.settings.passes()));
        return this.summary.send(this.outcomes.of(input, execution).withMail(route, null).withPasses(passes.note()));
    }

    /**
     * Continues a run with the mail route it started with, unless this command names another: a
     * restart without the mail options must not send real passwords somewhere else.
     */
    private RunOutcome continueRun(InputFile input, Path report, JobExecution last, String operator,
            Confirmation confirmation) {
        CredentialKind credential = ResendJobParameters.credential(last.getJobParameters());
        if (this.settings.credential() != null && this.settings.credential() != credential) {
            return RunOutcome.rejected(input.path(), "Run " + last.getJobInstanceId() + " gives its users "
                    + credential.plural() + ", and a run continues with what it started with: leave out "
                    + "--credential " + this.settings.credential().option() + " to continue it, or finish it and give "
                    + "the file to a new run with --rerun. Nothing was changed.");
        }
        try {
            RunAdmission.checkTemplates(this.composer.templates(), credential);
        }
        catch (InputRejectedException ex) {
            return RunOutcome.rejected(input.path(), ex.getMessage());
        }
        JobParameters parameters = last.getJobParameters();
        Admission passes = admitPasses(input.path(), credential, ResendJobParameters.passRequest(parameters),
                Boolean.parseBoolean(parameters.getString(ResendJobParameters.USE_SUPPLIED_PASSWORDS)));
        if (passes.refused() != null) {
            return passes.refused();
        }
        MailRoute original = ResendJobParameters.route(last.getJobParameters());
        MailRoute route;
        try {
            route = this.mailRoutes.forContinuedRun(original);
        }
        catch (MailSettingsException ex) {
            return RunOutcome.rejected(input.path(), ex.getMessage() + " Nothing was changed.");
        }
        String note = null;
        if (original != null && !original.equals(route)) {
            note = "run " + last.getJobInstanceId() + " started with " + original.describe() + "; it continues with "
                    + route.describe() + ", as this command asks";
            logger.warn("The mail route changed: {}.", note);
        }
        RunOutcome refused = probe(route, input.path());
        if (refused != null) {
            return refused;
        }
        RunRequest remaining = new RunRequest(input.path(), report,
                Boolean.parseBoolean(parameters.getString(ResendJobParameters.RESEND_NOTIFIED)),
                Boolean.parseBoolean(parameters.getString(ResendJobParameters.USE_SUPPLIED_PASSWORDS)),
                RunRequest.DEFAULT_MAX_INVALID_PERCENT, operator);
        if (!confirmed(confirmation, input, remaining, credential, passes, route, last.getJobInstanceId())) {
            return RunOutcome.declined(input.path());
        }
        return this.summary.send(this.outcomes.of(input, resume(input, report, last, operator, route))
            .withMail(route, note).withPasses(passes.note()));
    }

    /**
     * For a run that issues Temporary Access Passes, checks the directory's policy before anything
     * changes: a refusal is a setting to fix (exit 2), a directory that does not answer may answer
     * later (exit 3). Nothing was changed and no run is recorded either way.
     */
    private Admission admitPasses(Path input, CredentialKind credential, PassRequest request,
            boolean useSuppliedPasswords) {
        if (credential != CredentialKind.TAP) {
            return new Admission(null, null);
        }
        try {
            return new Admission(null, PassAdmission.admit(this.directory, request, useSuppliedPasswords,
                    this.clock.instant()));
        }
        catch (InputRejectedException ex) {
            return new Admission(RunOutcome.rejected(input, ex.getMessage()), null);
        }
        catch (DirectoryRefusedException ex) {
            return new Admission(RunOutcome.rejected(input, ex.getMessage()), null);
        }
        catch (DirectoryUnavailableException ex) {
            return new Admission(new RunOutcome(Kind.FAILED, 0, input, null, Map.of(), ex.getMessage()
                    + " Nothing was changed; run the same command again once it answers."), null);
        }
    }

    /**
     * @param refused why the run may not start, or null
     * @param admitted the directory's pass policy and the passes the users get, or null for passwords
     */
    private record Admission(RunOutcome refused, PassAdmission.Admitted admitted) {

        /** The passes the users get, in a line, or null. */
        String note() {
            return (this.admitted != null) ? this.admitted.description() : null;
        }
    }

    /**
     * Shows the plan to {@code confirmation} just before the first change, with the rows counted as
     * the run would end them now (of a continued run, those that remain). Nobody reads the plan of an
     * automatic confirmation, so its pass over the file and the directory is not made.
     *
     * @param continuing the run being continued, or null for a new one
     */
    private boolean confirmed(Confirmation confirmation, InputFile input, RunRequest request,
            CredentialKind credential, Admission passes, MailRoute route, Long continuing) {
        if (confirmation == Confirmation.AUTOMATIC) {
            return true;
        }
        Map<Status, Long> counts = this.dryRunner.counts(input, request, route,
                (passes.admitted() != null) ? passes.admitted().policy() : null, continuing);
        return confirmation.confirm(new RunPlan(input.path(), this.directory.describe(), request.operator(),
                credential, passes.note(), route, continuing, counts));
    }

    /**
     * Tries the route before anyone is reset. A route that refuses (the sender, the credentials) is
     * a setting to fix: exit 2. One that does not answer may answer later: exit 3. Either way
     * nothing was changed and no run is recorded.
     */
    private RunOutcome probe(MailRoute route, Path input) {
        try {
            this.mailRoutes.probe(route, false);
            return null;
        }
        catch (MailRouteException ex) {
            return RunOutcomes.routeFailed(ex, input);
        }
    }

    /**
     * Continues a failed, stopped or interrupted run: the given execution, or the latest one
     * that did not complete.
     */
    public RunOutcome restart(Long executionId, Path report, String operator) {
        return restart(executionId, report, operator, Confirmation.AUTOMATIC);
    }

    /** {@link #restart(Long, Path, String)} once {@code confirmation} accepts the plan of what remains. */
    public RunOutcome restart(Long executionId, Path report, String operator, Confirmation confirmation) {
        JobExecution execution = (executionId != null) ? this.runs.execution(executionId) : this.runs.latestUnfinished();
        if (execution == null) {
            return (executionId != null)
                    ? RunOutcome.rejected(null, "There is no execution " + executionId + ": 'status' lists them.")
                    : new RunOutcome(Kind.COMPLETED, 0, null, null, Map.of(),
                            "Nothing to restart: every run finished.");
        }
        String sha256 = execution.getJobParameters().getString(ResendJobParameters.INPUT_SHA256);
        try (RunLocks.Hold hold = this.locks.hold(sha256)) {
            return restartHeld(execution, report, operator, confirmation);
        }
        catch (RunHeldElsewhereException ex) {
            return RunOutcome.heldElsewhere(null, ex.getMessage());
        }
    }

    private RunOutcome restartHeld(JobExecution execution, Path report, String operator,
            Confirmation confirmation) {
        // Read again now that the run is held: another instance may have continued it in the meantime.
        JobExecution last = this.jobRepository.getLastJobExecution(execution.getJobInstance());
        if (last.getId() != execution.getId()) {
            return RunOutcome.rejected(null, "Execution " + execution.getId() + " is not the latest of run "
                    + execution.getJobInstanceId() + " (that is " + last.getId() + "): restart " + last.getId()
                    + " or give no execution.");
        }
        if (last.getStatus() == BatchStatus.COMPLETED || last.getStatus() == BatchStatus.ABANDONED) {
            return RunOutcome.rejected(null, "Run " + last.getJobInstanceId() + " is " + last.getStatus().name()
                    .toLowerCase() + ": there is nothing to restart. Use run --rerun to process its file again.");
        }
        Path inputPath = Path.of(last.getJobParameters().getString(ResendJobParameters.INPUT_PATH));
        InputFile input;
        try {
            input = InputFile.of(inputPath);
        }
        catch (InputRejectedException ex) {
            return RunOutcome.rejected(inputPath, "Run " + last.getJobInstanceId() + " cannot continue: " + ex.getMessage()
                    + " Put the file back where it was, or run it from its new place with 'run --input'.");
        }
        return continueRun(input, report, last, operator, confirmation);
    }

    /**
     * What would make every run refuse to start whatever its file (a missing mail setting, a
     * template that does not render), or empty if nothing would.
     */
    public Optional<String> settingsProblem() {
        try {
            this.mailRoutes.forNewRun();
        }
        catch (MailSettingsException ex) {
            return Optional.of(ex.getMessage() + " Nothing was changed.");
        }
        try {
            RunAdmission.checkTemplates(this.composer.templates(), this.settings.newRunCredential());
            return Optional.empty();
        }
        catch (InputRejectedException ex) {
            return Optional.of(ex.getMessage());
        }
    }

    /**
     * True if the latest run of a file with this content did not finish (it failed, was stopped at
     * the daily limit or was killed): running the file again continues it.
     */
    public boolean isUnfinished(String sha256) {
        return this.runs.isUnfinished(sha256);
    }

    /**
     * {@code followup --resend}: the list of users told before who have not signed in, run as a new
     * run that resets them again as their next attempt ({@code --rerun}), with new passwords, or new
     * passes if {@code credential} says so (null: the run's setting).
     */
    public RunOutcome resendFollowUp(Path list, String operator, CredentialKind credential) {
        return resendFollowUp(list, operator, credential, Confirmation.AUTOMATIC);
    }

    /** {@link #resendFollowUp(Path, String, CredentialKind)} once {@code confirmation} accepts its plan. */
    public RunOutcome resendFollowUp(Path list, String operator, CredentialKind credential,
            Confirmation confirmation) {
        return run(new RunRequest(list, null, true, false, RunRequest.DEFAULT_MAX_INVALID_PERCENT, operator,
                credential), confirmation);
    }

    /** Asks every running execution to stop at its next chunk boundary. */
    public void stopRunning() {
        for (JobExecution running : this.jobRepository.findRunningJobExecutions(this.job.getName())) {
            try {
                this.jobOperator.stop(running);
            }
            catch (Exception ex) {
                logger.warn("Could not ask execution {} to stop: {}", running.getId(), ex.getMessage());
            }
        }
    }

    private JobExecution resume(InputFile input, Path report, JobExecution last, String operator, MailRoute route) {
        if (last.getStatus().isRunning()) {
            // This instance holds the run (the data directory's lock, or the shared database's lock on the run), so
            // that execution's process is gone (killed, crashed, its machine lost): mark it failed so that it can be
            // continued, here or by whichever instance takes the run over.
            logger.warn("Run {} was interrupted (its process ended without finishing it); recovering it.",
                    last.getJobInstanceId());
            last = this.jobOperator.recover(last);
        }
        logger.info("Continuing run {} of {} where it stopped.", last.getJobInstanceId(), input.fileName());
        return launch(ResendJobParameters.forContinuation(last.getJobParameters(), input.path(), report, operator,
                this.settings.passwordTtl(), route));
    }

    private JobExecution launch(JobParameters parameters) {
        try {
            return this.jobOperator.start(this.job, parameters);
        }
        catch (Exception ex) {
            throw new IllegalStateException("the job could not be started: " + ex.getMessage(), ex);
        }
    }

    private Path reportPath(InputFile input, Path report) {
        if (report != null) {
            return report.toAbsolutePath();
        }
        String name = input.fileName().replaceFirst("\\.[^.]*$", "");
        Path reports = this.settings.reports();
        String stem = OutputFolders.unusedStem(name + "-" + STAMP.format(this.clock.instant()),
                (taken) -> OutputFolders.exists(reports.resolve(taken + "-report.csv"))
                        || OutputFolders.exists(reports.resolve(taken + "-report.html")));
        return reports.resolve(stem + "-report.csv").toAbsolutePath();
    }
}
