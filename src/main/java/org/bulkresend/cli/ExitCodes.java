package org.bulkresend.cli;

/** The exit codes every command uses, documented in docs/reference.md and in {@code --help}. */
public final class ExitCodes {

    /** Every row ended NOTIFIED, SKIPPED_* or PREVIEWED (or the file was already processed). */
    public static final int OK = 0;

    /**
     * The run finished, but some rows ended in a REJECTED_, DENIED_, FAILED_RESET or NOTIFY_REJECTED status; or
     * an operator continued a run whose untold users they may not reset, and those users wait.
     */
    public static final int PROBLEMS = 1;

    /** A usage or input-file error, or a data directory that cannot be written: nothing was changed. */
    public static final int USAGE = 2;

    /**
     * The job failed or stopped, or users were reset but not yet told, or the data directory's disk is full, or
     * a fatal error (OutOfMemoryError) ended the command; the same command continues it.
     */
    public static final int FAILED = 3;

    /** The daily sending limit was reached: the run stopped at a chunk boundary; the same command continues it later. */
    public static final int DAILY_LIMIT = 4;

    static final String[] HELP = { "0:every row ended NOTIFIED, SKIPPED_* or PREVIEWED, or the file was already processed",
            "1:the run finished, but some rows ended REJECTED_*, DENIED_*, FAILED_RESET or NOTIFY_REJECTED: see the report; or users wait for an operator who may reset them",
            "2:usage, input-file or setting error (the mail route refused the sender or the credentials, no mail route, a bad --from), or a data directory that cannot be written: nothing was changed",
            "3:the job failed or stopped (mail server or database down, the mail route failed, the data directory's disk full, users reset but "
                    + "not yet told, a fatal error such as running out of memory): run the same command again to continue",
            "4:the daily sending limit (--daily-limit) was reached: the run stopped cleanly; run the same command again after the time it names" };

    private ExitCodes() {
    }
}
