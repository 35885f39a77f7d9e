package org.bulkresend.run;

import java.nio.file.Path;
import java.util.Map;

import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MailRoute;

/**
 * How a {@code run} ended, for the command line to print and turn into an exit code.
 *
 * @param message one line for the admin saying what happened and what to do next
 * @param counts rows per status (empty if the run never got to the rows)
 * @param previews the dry run's preview folder (it exists only if a message was previewed), or
 * null for a real run
 * @param summary what became of the operator's summary message, or null if none was asked for
 * @param mail how the messages left (or would leave), or null if the run never got that far
 * @param mailNote what the admin should know about that way out (it differs from the run's own), or null
 * @param passes the Temporary Access Passes the users got (or would get), in a line, or null for passwords
 */
public record RunOutcome(Kind kind, long jobInstanceId, Path input, Path report, Map<Status, Long> counts,
        String message, Path previews, String summary, MailRoute mail, String mailNote, String passes) {

    public RunOutcome(Kind kind, long jobInstanceId, Path input, Path report, Map<Status, Long> counts,
            String message, Path previews) {
        this(kind, jobInstanceId, input, report, counts, message, previews, null, null, null, null);
    }

    public RunOutcome(Kind kind, long jobInstanceId, Path input, Path report, Map<Status, Long> counts,
            String message) {
        this(kind, jobInstanceId, input, report, counts, message, null, null, null, null, null);
    }

    RunOutcome withSummary(String summary) {
        return new RunOutcome(this.kind, this.jobInstanceId, this.input, this.report, this.counts, this.message,
                this.previews, summary, this.mail, this.mailNote, this.passes);
    }

    RunOutcome withMail(MailRoute mail, String mailNote) {
        return new RunOutcome(this.kind, this.jobInstanceId, this.input, this.report, this.counts, this.message,
                this.previews, this.summary, mail, mailNote, this.passes);
    }

    RunOutcome withPasses(String passes) {
        return new RunOutcome(this.kind, this.jobInstanceId, this.input, this.report, this.counts, this.message,
                this.previews, this.summary, this.mail, this.mailNote, passes);
    }

    /** The input or a setting is unusable; nothing was changed. */
    static RunOutcome rejected(Path input, String message) {
        return new RunOutcome(Kind.REJECTED, 0, input, null, Map.of(), message);
    }

    /** Another instance is running the file on the same database; nothing was changed. */
    static RunOutcome heldElsewhere(Path input, String message) {
        return new RunOutcome(Kind.HELD_ELSEWHERE, 0, input, null, Map.of(), message);
    }

    /** The admin said no to the run's plan: nothing was changed. */
    static RunOutcome declined(Path input) {
        return new RunOutcome(Kind.DECLINED, 0, input, null, Map.of(), "Nothing was changed.");
    }

    public boolean isDryRun() {
        return this.previews != null;
    }

    public enum Kind {

        /** Every row NOTIFIED, SKIPPED_* or PREVIEWED. */
        COMPLETED,
        /** Finished, but some rows ended in a problem status. */
        COMPLETED_WITH_PROBLEMS,
        /** This file was processed before; nothing was done. */
        ALREADY_PROCESSED,
        /** The input or a setting is unusable; nothing was changed. */
        REJECTED,
        /** Another instance sharing the database is running this file; nothing was changed. */
        HELD_ELSEWHERE,
        /** The admin said no when shown the run's plan; nothing was changed. */
        DECLINED,
        /** The job failed or was stopped; running the same command again continues it. */
        FAILED,
        /** The daily sending limit was reached; running the same command again later continues it. */
        DAILY_LIMIT

    }
}
