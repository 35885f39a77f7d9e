package org.bulkresend.job;

import java.nio.file.Path;

import org.bulkresend.report.ReportWriter;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** The last step: writes the run's report from the ledger. */
class ReportTasklet implements Tasklet {

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
}
