package org.bulkresend.job;

/**
 * The job's parameters. A run is identified by its input's content hash and a sequence number
 * that only {@code --rerun} raises; everything else may change between the attempts of one
 * run (the file may be moved, the report sent elsewhere).
 */
public final class ResendJobParameters {

    /** Identifying: the SHA-256 of the input file's content. */
    public static final String INPUT_SHA256 = "input.sha256";

    /** Identifying: 0 for the first run of a file, raised by each {@code --rerun}. */
    public static final String RUN_SEQUENCE = "run.sequence";

    public static final String INPUT_PATH = "input.path";

    public static final String REPORT_PATH = "report.path";

    /** "true": reset and notify users even if an earlier run already notified them. */
    public static final String RESEND_NOTIFIED = "resend.notified";

    /** "true": use a template's creation passwords ({@code --use-supplied-passwords}). */
    public static final String USE_SUPPLIED_PASSWORDS = "passwords.use-supplied";

    /**
     * How long each temporary password works ({@code --temp-password-ttl}), as an ISO-8601 duration, or
     * empty if they do not expire. A restart keeps the run's own unless it is given again.
     */
    public static final String PASSWORD_TTL = "passwords.ttl";

    /** The operator the run acts for; whoever continues a run becomes its operator. */
    public static final String OPERATOR = "operator";

    private ResendJobParameters() {
    }
}
