package org.bulkresend.job;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bulkresend.BulkResendException;
import org.bulkresend.config.BulkResendProperties;
import org.bulkresend.input.InputFile;
import org.bulkresend.input.InputRejectedException;
import org.bulkresend.job.RunOutcome.Kind;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.MailRouteException;
import org.bulkresend.notify.MailRoutes;
import org.bulkresend.notify.MailSettingsException;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.report.SummaryMessage;
import org.bulkresend.storage.StorageFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Starts a run of an input file, or continues it. A file is known by its content: a file that
 * was processed to the end is not processed again (unless {@code --rerun}), and a run that
 * failed, was stopped or was killed is resumed where it stopped.
 */
@Component
public class ResendRunner {

    private static final Logger logger = LoggerFactory.getLogger(ResendRunner.class);

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")
        .withZone(ZoneId.systemDefault());

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(ZoneId.systemDefault());

    private final JobOperator jobOperator;

    private final JobRepository jobRepository;

    private final Job job;

    private final Ledger ledger;

    private final MailRoutes mailRoutes;

    private final MessageComposer composer;

    private final DailyLimit dailyLimit;

    private final BulkResendProperties properties;

    private final Clock clock;

    ResendRunner(JobOperator jobOperator, JobRepository jobRepository, Job bulkResendJob, Ledger ledger,
            MailRoutes mailRoutes, MessageComposer composer, DailyLimit dailyLimit, BulkResendProperties properties,
            Clock clock) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.job = bulkResendJob;
        this.ledger = ledger;
        this.mailRoutes = mailRoutes;
        this.composer = composer;
        this.dailyLimit = dailyLimit;
        this.properties = properties;
        this.clock = clock;
    }

    public RunOutcome run(RunRequest request) {
        Path inputPath = request.input();
        Path report = request.report();
        boolean rerun = request.rerun();
        InputFile input;
        try {
            input = RunAdmission.admit(request, this.composer.templates());
        }
        catch (InputRejectedException ex) {
            return RunOutcome.rejected(inputPath, ex.getMessage());
        }
        long sequence = latestSequence(input.sha256());
        if (sequence >= 0) {
            JobInstance instance = this.jobRepository.getJobInstance(this.job.getName(), identity(input, sequence));
            JobExecution last = this.jobRepository.getLastJobExecution(instance);
            boolean unfinished = last != null && last.getStatus() != BatchStatus.COMPLETED
                    && last.getStatus() != BatchStatus.ABANDONED;
            if (unfinished) {
                return continueRun(input, report, last, request.operator());
            }
            // A finished run that still holds users reset but not told (recorded by an earlier version) is
            // not "already processed": a new run of the file tells them and skips those who were told.
            if (last != null && last.getStatus() == BatchStatus.COMPLETED && !rerun
                    && this.ledger.countByStatus(last.getJobInstanceId()).getOrDefault(Status.RESET_NOT_NOTIFIED,
                            0L) == 0) {
                return alreadyProcessed(input, last);
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
        RunOutcome refused = probe(route, input.path());
        if (refused != null) {
            return refused;
        }
        JobExecution execution = launch(ResendJobParameters.withRoute(new JobParametersBuilder(identity(input, sequence))
            .addString(ResendJobParameters.INPUT_PATH, input.path().toString(), false)
            .addString(ResendJobParameters.REPORT_PATH, reportPath(input, report).toString(), false)
            .addString(ResendJobParameters.RESEND_NOTIFIED, Boolean.toString(rerun), false)
            .addString(ResendJobParameters.USE_SUPPLIED_PASSWORDS, Boolean.toString(request.useSuppliedPasswords()),
                    false)
            .addString(ResendJobParameters.OPERATOR, request.operator(), false)
            .addString(ResendJobParameters.FIRST_OPERATOR, request.operator(), false)
            .addString(ResendJobParameters.PASSWORD_TTL, ttl(), false), route)
            .toJobParameters());
        return summarize(outcome(input, execution).withMail(route, null));
    }

    /**
     * Continues a run with the mail route it started with, unless this command names another: a
     * restart without the mail options must not send real passwords somewhere else.
     */
    private RunOutcome continueRun(InputFile input, Path report, JobExecution last, String operator) {
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
        return summarize(outcome(input, resume(input, report, last, operator, route)).withMail(route, note));
    }

    /**
     * Tries the route before anyone is reset. A route that refuses (the sender, the credentials) is
     * a setting to fix: exit 2. One that does not answer may answer later: exit 3. Either way
     * nothing was changed and no run is recorded.
     */
    private RunOutcome probe(MailRoute route, Path input) {
        try {
            this.mailRoutes.open(route).check();
            return null;
        }
        catch (MailRouteException ex) {
            if (ex.refused()) {
                return RunOutcome.rejected(input, ex.getMessage() + " Nothing was changed.");
            }
            return new RunOutcome(Kind.FAILED, 0, input, null, Map.of(), ex.getMessage() + " Nothing changed: nobody was reset; run the "
                    + "same command again once it answers.");
        }
    }

    /**
     * Continues a failed, stopped or interrupted run: the given execution, or the latest one
     * that did not complete.
     */
    public RunOutcome restart(Long executionId, Path report, String operator) {
        JobExecution execution = (executionId != null) ? execution(executionId) : latestUnfinished();
        if (execution == null) {
            return (executionId != null)
                    ? RunOutcome.rejected(null, "There is no execution " + executionId + ": 'status' lists them.")
                    : new RunOutcome(Kind.COMPLETED, 0, null, null, Map.of(),
                            "Nothing to restart: every run finished.");
        }
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
        try {
            RunAdmission.checkTemplates(this.composer.templates());
        }
        catch (InputRejectedException ex) {
            return RunOutcome.rejected(inputPath, ex.getMessage());
        }
        return continueRun(input, report, last, operator);
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
            RunAdmission.checkTemplates(this.composer.templates());
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
        long sequence = latestSequence(sha256);
        if (sequence < 0) {
            return false;
        }
        JobInstance instance = this.jobRepository.getJobInstance(this.job.getName(), identity(sha256, sequence));
        JobExecution last = this.jobRepository.getLastJobExecution(instance);
        return last != null && last.getStatus() != BatchStatus.COMPLETED && last.getStatus() != BatchStatus.ABANDONED;
    }

    /**
     * The order a watch round runs its files in: runs that did not finish first (stopped at the daily
     * limit or by an outage: their users were reset, or are next), then new files in the order given.
     * A file that cannot be read counts as new: its run says why.
     */
    public List<Path> inRunOrder(List<Path> files) {
        List<Path> unfinished = new java.util.ArrayList<>();
        List<Path> fresh = new java.util.ArrayList<>();
        for (Path file : files) {
            boolean continues;
            try {
                continues = isUnfinished(InputFile.of(file).sha256());
            }
            catch (InputRejectedException ex) {
                continues = false;
            }
            (continues ? unfinished : fresh).add(file);
        }
        unfinished.addAll(fresh);
        return unfinished;
    }

    /**
     * {@code followup --resend}: the list of users told before who have not signed in, run as a new
     * run that resets them again as their next attempt ({@code --rerun}), with new passwords.
     */
    public RunOutcome resendFollowUp(Path list, String operator) {
        return run(new RunRequest(list, null, true, false, RunRequest.DEFAULT_MAX_INVALID_PERCENT, operator));
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

    private JobExecution execution(long id) {
        try {
            return this.jobRepository.getJobExecution(id);
        }
        catch (EmptyResultDataAccessException ex) {
            return null; // the JDBC repository throws where it means "no such execution"
        }
    }

    private JobExecution latestUnfinished() {
        for (JobInstance instance : this.jobRepository.getJobInstances(this.job.getName(), 0, 1000)) {
            JobExecution last = this.jobRepository.getLastJobExecution(instance);
            if (last != null && last.getStatus() != BatchStatus.COMPLETED
                    && last.getStatus() != BatchStatus.ABANDONED) {
                return last;
            }
        }
        return null;
    }

    private JobExecution resume(InputFile input, Path report, JobExecution last, String operator, MailRoute route) {
        if (last.getStatus().isRunning()) {
            // This process holds the data directory's lock, so that execution's process is gone (killed,
            // crashed, powered off): mark it failed so that it can be restarted.
            logger.warn("Run {} was interrupted (its process ended without finishing it); recovering it.",
                    last.getJobInstanceId());
            last = this.jobOperator.recover(last);
        }
        logger.info("Continuing run {} of {} where it stopped.", last.getJobInstanceId(), input.fileName());
        JobParameters previous = last.getJobParameters();
        JobParametersBuilder parameters = ResendJobParameters.withRoute(new JobParametersBuilder(previous)
            .addString(ResendJobParameters.INPUT_PATH, input.path().toString(), false)
            .addString(ResendJobParameters.OPERATOR, operator, false), route);
        if (previous.getString(ResendJobParameters.FIRST_OPERATOR) == null
                && previous.getString(ResendJobParameters.OPERATOR) != null) {
            parameters.addString(ResendJobParameters.FIRST_OPERATOR, previous.getString(ResendJobParameters.OPERATOR),
                    false);
        }
        if (report != null) {
            parameters.addString(ResendJobParameters.REPORT_PATH, report.toAbsolutePath().toString(), false);
        }
        if (this.properties.passwords().ttl() != null) {
            parameters.addString(ResendJobParameters.PASSWORD_TTL, ttl(), false);
        }
        return launch(parameters.toJobParameters());
    }

    private String ttl() {
        Duration ttl = this.properties.passwords().ttl();
        return (ttl != null) ? ttl.toString() : "";
    }

    private JobExecution launch(JobParameters parameters) {
        try {
            return this.jobOperator.start(this.job, parameters);
        }
        catch (Exception ex) {
            throw new IllegalStateException("the job could not be started: " + ex.getMessage(), ex);
        }
    }

    private long latestSequence(String sha256) {
        long sequence = -1;
        while (this.jobRepository.getJobInstance(this.job.getName(), identity(sha256, sequence + 1)) != null) {
            sequence++;
        }
        return sequence;
    }

    private static JobParameters identity(InputFile input, long sequence) {
        return identity(input.sha256(), sequence);
    }

    private static JobParameters identity(String sha256, long sequence) {
        return new JobParametersBuilder().addString(ResendJobParameters.INPUT_SHA256, sha256)
            .addLong(ResendJobParameters.RUN_SEQUENCE, sequence)
            .toJobParameters();
    }

    private Path reportPath(InputFile input, Path report) {
        if (report != null) {
            return report.toAbsolutePath();
        }
        String name = input.fileName().replaceFirst("\\.[^.]*$", "");
        return this.properties.reports()
            .resolve(name + "-" + STAMP.format(this.clock.instant()) + "-report.csv")
            .toAbsolutePath();
    }

    /**
     * Sends the operator's summary, if {@code --summary-to} asks for one, after a run that did
     * something. A summary that cannot be sent is said so, and changes nothing about the run.
     */
    private RunOutcome summarize(RunOutcome outcome) {
        List<String> to = this.properties.mail().summaryTo();
        if (to.isEmpty() || outcome.mail() == null) {
            return outcome;
        }
        String recipients = String.join(", ", to);
        MessageComposer sender = this.mailRoutes.composer(outcome.mail());
        Optional<String> problem;
        try {
            problem = this.mailRoutes.open(outcome.mail()).send((session) -> SummaryMessage.compose(session,
                    sender.settings(), to,
                    outcome.jobInstanceId(), outcome.input().getFileName().toString(), outcome.message(),
                    outcome.counts(), outcome.report(), this.clock.instant()));
        }
        catch (RuntimeException ex) {
            problem = Optional.of(String.valueOf(ex.getMessage()));
        }
        if (problem.isPresent()) {
            logger.warn("The summary of run {} could not be sent to {}: {}", outcome.jobInstanceId(), recipients,
                    problem.get());
            return outcome.withSummary("not sent to " + recipients + ": " + problem.get());
        }
        logger.info("The summary of run {} was sent to {}.", outcome.jobInstanceId(), recipients);
        return outcome.withSummary("sent to " + recipients);
    }

    private RunOutcome alreadyProcessed(InputFile input, JobExecution last) {
        Path report = Path.of(last.getJobParameters().getString(ResendJobParameters.REPORT_PATH));
        Instant finished = last.getEndTime().atZone(ZoneId.systemDefault()).toInstant();
        Map<Status, Long> counts = this.ledger.countByStatus(last.getJobInstanceId());
        return new RunOutcome(Kind.ALREADY_PROCESSED, last.getJobInstanceId(), input.path(), report, counts,
                input.fileName() + " was already processed by run " + last.getJobInstanceId() + ", finished "
                        + WHEN.format(finished) + ". Nothing was changed. To reset and notify everyone in it "
                        + "again, add --rerun.");
    }

    private RunOutcome outcome(InputFile input, JobExecution execution) {
        long instance = execution.getJobInstanceId();
        Path report = Path.of(execution.getJobParameters().getString(ResendJobParameters.REPORT_PATH));
        Map<Status, Long> counts = this.ledger.countByStatus(instance);
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            boolean problems = counts.entrySet().stream().anyMatch((e) -> e.getKey().isProblem() && e.getValue() > 0);
            return new RunOutcome(problems ? Kind.COMPLETED_WITH_PROBLEMS : Kind.COMPLETED, instance, input.path(),
                    report, counts, problems
                            ? "Run " + instance + " finished, but some rows need attention: see the report."
                            : "Run " + instance + " finished: every row was handled.");
        }
        Throwable cause = RunEndListener.cause(execution);
        if (cause instanceof BulkResendException known) {
            // A file that changed since the run started was refused before this attempt changed anything; any
            // other failure stopped a run that the same command continues.
            Kind kind = (known instanceof InputRejectedException) ? Kind.REJECTED
                    : (known.kind() == BulkResendException.Kind.WAITING) ? Kind.COMPLETED_WITH_PROBLEMS : Kind.FAILED;
            String message = (known instanceof StorageFailedException)
                    ? known.getMessage() + ", then run the same command again; it continues where it stopped."
                    : known.getMessage();
            return new RunOutcome(kind, instance, input.path(), report, counts, message);
        }
        if (execution.getStatus() == BatchStatus.STOPPED && this.dailyLimit.reached() != null) {
            return new RunOutcome(Kind.DAILY_LIMIT, instance, input.path(), report, counts, this.dailyLimit.reached());
        }
        if (execution.getStatus() == BatchStatus.STOPPED) {
            return new RunOutcome(Kind.FAILED, instance, input.path(), report, counts, "Run " + instance
                    + " stopped after a whole chunk, as asked. Run the same command again to continue it.");
        }
        String why = (cause != null) ? cause.getMessage() : "it was " + execution.getStatus().name().toLowerCase();
        return new RunOutcome(Kind.FAILED, instance, input.path(), report, counts, "Run " + instance
                + " did not finish: " + why + ". Users already told stay told; run the same command again to "
                + "continue (details in " + this.properties.dataDir().resolve("logs/bulk-resend.log") + ").");
    }


}
