package org.bulkresend.job;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** The last step: writes the run's reports from the ledger. */
class ReportTasklet implements Tasklet {

    private final RunReport report;

    ReportTasklet(RunReport report) {
        this.report = report;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution execution = contribution.getStepExecution().getJobExecution();
        this.report.write(execution, "finished");
        return RepeatStatus.FINISHED;
    }
}
