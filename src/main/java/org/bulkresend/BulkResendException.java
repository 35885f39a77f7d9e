package org.bulkresend;

/**
 * A failure whose message is written for the admin, shown as it is and without a stack trace,
 * and whose {@link Kind} says what it means for the run and so which exit code the command ends
 * with. Every failure the product expects is one of these; the command line classifies them in
 * one place, and anything else is unexpected (exit code 3, details in the log).
 */
public abstract class BulkResendException extends RuntimeException {

    protected BulkResendException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What the failure means for the run. */
    public abstract Kind kind();

    public enum Kind {

        /**
         * A setting, the input or the operator cannot be used: nothing was changed, and trying again
         * does not help until the admin changes something (exit code 2).
         */
        REFUSED,
        /**
         * Something the run needs stopped answering, or users are reset but not yet told: the run
         * stopped, and the same command continues it (exit code 3).
         */
        STOPPED,
        /**
         * The run did what this operator may: users it left untold wait for an operator who may
         * reset them (exit code 1).
         */
        WAITING

    }
}
