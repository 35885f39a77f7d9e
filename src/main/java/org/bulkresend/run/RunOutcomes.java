package org.bulkresend.run;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.bulkresend.BulkResendException;
import org.bulkresend.input.InputFile;
import org.bulkresend.input.InputRejectedException;
import org.bulkresend.job.JobEnd;
import org.bulkresend.job.ResendJobParameters;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MailRouteException;
import org.bulkresend.run.RunOutcome.Kind;
import org.bulkresend.storage.StorageFailedException;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * What a run's end means for the admin: its kind (and so the exit code) and the sentence the
 * console and the summary say, from the execution, its cause and the ledger's counts.
 */
final class RunOutcomes {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")
        .withZone(ZoneId.systemDefault());

    private final Ledger ledger;

    private final Path logFile;

    RunOutcomes(Ledger ledger, Path logFile) {
        this.ledger = ledger;
        this.logFile = logFile;
    }

    /** A file whose last run finished and left nobody waiting: nothing is done again without {@code --rerun}. */
    RunOutcome alreadyProcessed(InputFile input, JobExecution last) {
        Path report = Path.of(last.getJobParameters().getString(ResendJobParameters.REPORT_PATH));
        Instant finished = last.getEndTime().atZone(ZoneId.systemDefault()).toInstant();
        Map<Status, Long> counts = this.ledger.countByStatus(last.getJobInstanceId());
        return new RunOutcome(Kind.ALREADY_PROCESSED, last.getJobInstanceId(), input.path(), report, counts,
                input.fileName() + " was already processed by run " + last.getJobInstanceId() + ", finished "
                        + WHEN.format(finished) + ". Nothing was changed. To reset and notify everyone in it "
                        + "again, add --rerun.");
    }

    /**
     * A route the probe found unusable: one that refuses (the sender, the credentials) is a setting
     * to fix; one that does not answer may answer later. Either way nothing was changed.
     */
    static RunOutcome routeFailed(MailRouteException ex, Path input) {
        if (ex.refused()) {
            return RunOutcome.rejected(input, ex.getMessage() + " Nothing was changed.");
        }
        return new RunOutcome(Kind.FAILED, 0, input, null, Map.of(), ex.getMessage()
                + " Nothing changed: nobody was reset; run the same command again once it answers.");
    }

    /** The outcome of an execution that ran. */
    RunOutcome of(InputFile input, JobExecution execution) {
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
        Throwable cause = JobEnd.cause(execution);
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
        String dailyLimit = JobEnd.dailyLimitReached(execution);
        if (execution.getStatus() == BatchStatus.STOPPED && dailyLimit != null) {
            return new RunOutcome(Kind.DAILY_LIMIT, instance, input.path(), report, counts, dailyLimit);
        }
        if (execution.getStatus() == BatchStatus.STOPPED) {
            return new RunOutcome(Kind.FAILED, instance, input.path(), report, counts, "Run " + instance
                    + " stopped after a whole chunk, as asked. Run the same command again to continue it.");
        }
        String why = (cause != null) ? cause.getMessage() : "it was " + execution.getStatus().name().toLowerCase();
        return new RunOutcome(Kind.FAILED, instance, input.path(), report, counts, "Run " + instance
                + " did not finish: " + why + ". Users already told stay told; run the same command again to "
                + "continue (details in " + this.logFile + ").");
    }
}
