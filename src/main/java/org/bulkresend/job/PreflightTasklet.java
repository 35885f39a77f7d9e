package org.bulkresend.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.bulkresend.access.ResetPermissions;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.AccessRules;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.input.InputFile;
import org.bulkresend.input.InputPreflight;
import org.bulkresend.input.InputRejectedException;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.input.ResendRequestReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The first step, run again on every restart: proves the input usable and unchanged before anyone
 * is reset. The mail route was probed by {@link ResendRunner} just before the job was launched.
 */
class PreflightTasklet implements Tasklet {

    static final String ROWS_KEY = "resend.rows";

    /**
     * Rows whose users are looked up in one call: enough for a directory that looks users up
     * several requests at once (Microsoft Graph) to keep all of them busy.
     */
    private static final int LOOKUP_BATCH = 2_000;

    private static final Logger logger = LoggerFactory.getLogger(PreflightTasklet.class);

    private final Directory directory;

    PreflightTasklet(Directory directory) {
        this.directory = directory;
    }

    /** Says before the first reset how many rows the operator may not reset, and why. */
    private void countDenials(InputFile input, JobParameters parameters) {
        Denials denials = new Denials(this.directory, parameters.getString(ResendJobParameters.OPERATOR),
                ResendJobParameters.credential(parameters));
        ResendRequestReader reader = new ResendRequestReader(input.path(), false, this.directory.nameForms());
        reader.open(new ExecutionContext());
        try {
            List<String> batch = new ArrayList<>(LOOKUP_BATCH);
            for (ResendRequest row = reader.read(); row != null; row = reader.read()) {
                if (row.isValid()) {
                    batch.add(row.userPrincipalName());
                }
                if (batch.size() == LOOKUP_BATCH) {
                    denials.count(batch);
                }
            }
            denials.count(batch);
        }
        finally {
            reader.close();
        }
        denials.warn();
    }

    /** The rows the operator may not reset, by reason. */
    private static final class Denials {

        private final ActingOperator operator;

        private final CredentialKind credential;

        private final AccessRules rules;

        private final Map<String, Long> reasons = new TreeMap<>();

        Denials(Directory directory, String operator, CredentialKind credential) {
            this.operator = new ActingOperator(directory, operator);
            this.credential = credential;
            this.rules = directory.accessRules();
        }

        /** Looks the batch's users up in one query and counts those the operator may not reset; empties the batch. */
        void count(List<String> batch) {
            Map<String, DirectoryUser> users = this.operator.findWith(batch);
            for (String userPrincipalName : batch) {
                DirectoryUser user = users.get(DirectoryUser.key(userPrincipalName));
                if (user != null) {
                    ResetPermissions.denial(this.rules, this.operator.user(), user, this.credential)
                        .ifPresent((reason) -> this.reasons.merge(reason, 1L, Long::sum));
                }
            }
            batch.clear();
        }

        void warn() {
            if (!this.reasons.isEmpty()) {
                long denied = this.reasons.values().stream().mapToLong(Long::longValue).sum();
                logger.warn("{} rows will be denied for {}: {}", denied, this.operator.user().userPrincipalName(),
                        this.reasons.entrySet().stream().map((e) -> e.getValue() + " x " + e.getKey())
                            .collect(Collectors.joining("; ")));
            }
        }
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
        InputPreflight.Result result = InputPreflight.inspect(input, this.directory.nameForms());
        logger.info("Input {}: {}, {} rows, {} invalid, {} duplicate ({}, {}-delimited)", input.fileName(),
                result.format().description(), result.rows(), result.invalidRows(), result.duplicateRows(),
                result.charset().name(), result.delimiterName());
        countDenials(input, parameters);
        execution.getExecutionContext().putLong(ROWS_KEY, result.rows());
        return RepeatStatus.FINISHED;
    }
}
