package org.bulkresend.cli;

/** The exit codes every command uses, documented in docs/reference.md and in {@code --help}. */
public final class ExitCodes {

    /**
     * Every row ended NOTIFIED, SKIPPED_* or PREVIEWED (or the file was already processed, or the admin answered
     * no to the run's plan and nothing was changed).
     */
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

    static final String[] HELP = { "0:every row ended NOTIFIED, SKIPPED_* or PREVIEWED, or the file was already processed, or the plan was "
            + "answered with something other than yes: nothing was changed",
            "1:the run finished, but some rows ended REJECTED_*, DENIED_*, FAILED_RESET or NOTIFY_REJECTED: see the report; or users wait for an operator who may reset them",
            "2:usage, input-file or setting error (the mail route refused the sender or the credentials, no mail route, a bad --from), or a data directory that cannot be written: nothing was changed",
            "3:the job failed or stopped (mail server or database down, the mail route failed, the data directory's disk full, users reset but "
                    + "not yet told, a fatal error such as running out of memory): run the same command again to continue",
            "4:the daily sending limit (--daily-limit) was reached: the run stopped cleanly; run the same command again after the time it names" };

    private static final String USAGE_NOTHING_CHANGED = "2:usage error, or a data directory that cannot be used: "
            + "nothing was changed";

    private static final String DATABASE_FAILED = "3:the database could not be opened or read (its disk, another "
            + "command's lock): nothing was changed; try again";

    private static final String[] LISTING = { "0:listed", USAGE_NOTHING_CHANGED, DATABASE_FAILED };

    /**
     * The exit codes of one command, as its {@code --help} lists them ({@code "directory import"},
     * {@code "run"}; the empty name for bulk-resend itself): the commands that run or continue
     * the job can end with any code, the others with their own.
     */
    static String[] of(String command) {
        return switch (command) {
            case "validate" -> new String[] { "0:no problems: a run would take every row",
                    "1:a run would take the file, but some rows will be rejected (each is listed)",
                    "2:a run would refuse the file (it names why), or a usage error" };
            case "check" -> new String[] { "0:everything a run needs works",
                    "2:something a run needs does not work (each failed check says what to do), or a usage error: "
                            + "nothing was changed" };
            case "status", "audit", "directory list" -> LISTING;
            case "directory import" -> new String[] { "0:every row was imported",
                    "1:some rows were rejected (each is listed); the others were imported", USAGE_NOTHING_CHANGED,
                    DATABASE_FAILED };
            case "directory tap-policy" -> new String[] { "0:the policy was shown, or changed",
                    "2:a value Entra ID would not allow (it is named), or a usage error: nothing was changed",
                    DATABASE_FAILED };
            case "directory sign-in" -> new String[] { "0:signed in, with the password or the Temporary Access Pass",
                    "2:sign-in refused (the line says why), or a usage error", DATABASE_FAILED };
            case "expire" -> new String[] { "0:every temporary password that was due was replaced, or none was due",
                    "1:some could not be replaced: each is listed with its reason and keeps the password they were told",
                    "2:usage or setting error, or the operator could not sign in: nothing was changed",
                    "3:the directory or the database did not answer: run expire again; it finishes the job" };
            case "templates export" -> new String[] { "0:written",
                    "2:a file is in the way, or the folder cannot be written: nothing was written" };
            case "templates check" -> new String[] { "0:every template is usable",
                    "2:a template is not (the message names the file and the case)" };
            case "directory", "templates" -> new String[] { "2:no subcommand, or a usage error" };
            case "help" -> new String[] { "0:the help was printed", "2:no such command" };
            case "completion" -> new String[] { "0:the script was printed", "2:a shell other than bash or zsh" };
            default -> HELP;
        };
    }

    private ExitCodes() {
    }
}
