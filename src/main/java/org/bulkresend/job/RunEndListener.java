package org.bulkresend.job;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * At the end of every execution that did not complete: writes the report of the rows handled so
 * far, so the admin sees at once who is waiting in RESET_NOT_NOTIFIED, and records why it ended
 * in words ({@code status} shows it) instead of the framework's stack trace.
 */
class RunEndListener implements JobExecutionListener {

    private static final Logger logger = LoggerFactory.getLogger(RunEndListener.class);

    private final RunReport report;

    private final DailyLimit dailyLimit;

    RunEndListener(RunReport report, DailyLimit dailyLimit) {
        this.report = report;
        this.dailyLimit = dailyLimit;
    }

    @Override
    public void afterJob(JobExecution execution) {
        this.dailyLimit.release(execution);
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return;
        }
        Throwable cause = JobEnd.cause(execution);
        if (execution.getStatus() == BatchStatus.STOPPED && this.dailyLimit.reached() != null) {
            execution.setExitStatus(new ExitStatus(JobEnd.DAILY_LIMIT, this.dailyLimit.reached()));
        }
        else if (cause != null && cause.getMessage() != null) {
            execution.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(), cause.getMessage()));
        }
        Path report = Path.of(execution.getJobParameters().getString(ResendJobParameters.REPORT_PATH));
        try {
            this.report.write(execution, "not finished (" + execution.getStatus().name().toLowerCase()
                    + "): the rows handled so far");
        }
        catch (RuntimeException ex) {
            logger.warn("Could not write the partial report {}: {}", report, ex.getMessage());
        }
    }
}
