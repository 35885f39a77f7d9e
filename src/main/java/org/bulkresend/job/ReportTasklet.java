package org.bulkresend.job;

import java.nio.file.Path;

import org.bulkresend.report.ReportWriter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The last step writes the run's report from the ledger. A run that does not get there (failed,
 * stopped) still gets a report of the rows handled so far, so the admin can see at once who is
 * waiting in RESET_NOT_NOTIFIED.
 */
class ReportTasklet implements Tasklet, JobExecutionListener {

    private static final Logger logger = LoggerFactory.getLogger(ReportTasklet.class);

    private final ReportWriter reportWriter;

    ReportTasklet(ReportWriter reportWriter) {
        this.reportWriter = reportWriter;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution execution = contribution.getStepExecution().getJobExecution();
        Path report = Path.of(execution.getJobParameters().getString(ResendJobParameters.REPORT_PATH));
        this.reportWriter.write(execution.getJobInstanceId(), report);
        return RepeatStatus.FINISHED;
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return;
        }
        Path report = Path.of(execution.getJobParameters().getString(ResendJobParameters.REPORT_PATH));
        try {
            this.reportWriter.write(execution.getJobInstanceId(), report);
        }
        catch (RuntimeException ex) {
            logger.warn("Could not write the partial report {}: {}", report, ex.getMessage());
        }
    }
}
