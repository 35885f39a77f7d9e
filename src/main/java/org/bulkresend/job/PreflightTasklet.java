package org.bulkresend.job;

import java.nio.file.Path;

import org.bulkresend.input.InputFile;
import org.bulkresend.input.InputPreflight;
import org.bulkresend.input.InputRejectedException;
import org.bulkresend.notify.MailChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The first step, run again on every restart: proves the input usable and unchanged and the
 * mail channel answering before anyone is reset.
 */
class PreflightTasklet implements Tasklet {

    static final String ROWS_KEY = "resend.rows";

    private static final Logger logger = LoggerFactory.getLogger(PreflightTasklet.class);

    private final MailChannel mailChannel;

    PreflightTasklet(MailChannel mailChannel) {
        this.mailChannel = mailChannel;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution execution = contribution.getStepExecution().getJobExecution();
        JobParameters parameters = execution.getJobParameters();
        Path path = Path.of(parameters.getString(ResendJobParameters.INPUT_PATH));
        InputFile input = InputFile.of(path);
        String expected = parameters.getString(ResendJobParameters.INPUT_SHA256);
        if (!input.sha256().equals(expected)) {
            throw new InputRejectedException("The input file " + path + " has changed since this run started. "
                    + "Restore the original file to finish this run, or run the new file as a run of its own.");
        }
        InputPreflight.Result result = InputPreflight.inspect(input);
        logger.info("Input {}: {}, {} rows, {} invalid, {} duplicate ({}, {}-delimited)", input.fileName(),
                result.format().description(), result.rows(), result.invalidRows(), result.duplicateRows(),
                result.charset().name(), result.delimiterName());
        this.mailChannel.check();
        execution.getExecutionContext().putLong(ROWS_KEY, result.rows());
        return RepeatStatus.FINISHED;
    }
}
