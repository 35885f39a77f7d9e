package org.bulkresend.job;

import org.bulkresend.BulkResendException;

import org.springframework.batch.core.job.JobExecution;

/**
 * How an execution of the resend job ended, read from what the job recorded in it: what the
 * runner words for the admin and {@code status} lists. Nothing outside this package needs to know
 * which listener recorded it.
 */
public final class JobEnd {

    /** The exit code of a run stopped at the daily limit, as the job repository keeps it for {@code status}. */
    public static final String DAILY_LIMIT = "STOPPED_DAILY_LIMIT";

    private JobEnd() {
    }

    /** Why the run stopped at the daily limit, in words for the admin, or null if it did not. */
    public static String dailyLimitReached(JobExecution execution) {
        return DAILY_LIMIT.equals(execution.getExitStatus().getExitCode())
                ? execution.getExitStatus().getExitDescription() : null;
    }

    /**
     * The failure that explains the end: one of ours, written for the admin, if there is one;
     * else the deepest cause; null if nothing failed.
     */
    public static Throwable cause(JobExecution execution) {
        for (Throwable failure : execution.getAllFailureExceptions()) {
            for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
                if (cause instanceof BulkResendException) {
                    return cause;
                }
            }
        }
        if (execution.getAllFailureExceptions().isEmpty()) {
            return null;
        }
        Throwable cause = execution.getAllFailureExceptions().get(0);
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
