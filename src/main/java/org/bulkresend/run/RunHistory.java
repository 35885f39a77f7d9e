package org.bulkresend.run;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bulkresend.job.JobEnd;
import org.bulkresend.job.ResendJobParameters;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Status;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/** The runs recorded in the job repository, newest first, with each row's outcome counts. */
@Component
public class RunHistory {

    private final JobRepository jobRepository;

    private final Job job;

    private final Ledger ledger;

    RunHistory(JobRepository jobRepository, Job bulkResendJob, Ledger ledger) {
        this.jobRepository = jobRepository;
        this.job = bulkResendJob;
        this.ledger = ledger;
    }

    public List<Run> latest(int count) {
        List<Run> runs = new ArrayList<>();
        for (JobInstance instance : this.jobRepository.getJobInstances(this.job.getName(), 0, count)) {
            List<Execution> executions = new ArrayList<>();
            Path input = null;
            Path report = null;
            for (JobExecution execution : this.jobRepository.getJobExecutions(instance)) {
                input = Path.of(execution.getJobParameters().getString(ResendJobParameters.INPUT_PATH));
                report = Path.of(execution.getJobParameters().getString(ResendJobParameters.REPORT_PATH));
                executions.add(new Execution(execution.getId(), execution.getStatus().name(),
                        execution.getStartTime(), execution.getEndTime(), why(execution)));
            }
            executions.sort((a, b) -> Long.compare(a.id(), b.id()));
            runs.add(new Run(instance.getInstanceId(), input, report, executions,
                    this.ledger.countByStatus(instance.getInstanceId())));
        }
        return runs;
    }

    /** Why an execution ended as it did, in a line: the failure's message, not its class or stack. */
    private static String why(JobExecution execution) {
        String description = execution.getExitStatus().getExitDescription();
        if (execution.getStatus() == BatchStatus.STOPPED) {
            return JobEnd.DAILY_LIMIT.equals(execution.getExitStatus().getExitCode()) ? oneLine(description)
                    : "stopped on request (Ctrl-C or SIGTERM)";
        }
        if (execution.getStatus().isRunning() && execution.getEndTime() == null) {
            return "interrupted (killed or still running); the next run of the file continues it";
        }
        if (description == null || description.isBlank()) {
            return (execution.getStatus() == BatchStatus.FAILED) ? "interrupted (killed), continued later" : "";
        }
        return oneLine(description.replaceFirst("^[\\w.$]+(Exception|Error)(: )?", ""));
    }

    /** The first line of a description, at most 200 characters. */
    private static String oneLine(String description) {
        String line = description.lines().findFirst().orElse("").strip();
        return (line.length() > 200) ? line.substring(0, 197) + "..." : line;
    }

    /** One run: an input file, its attempts (executions), and where its rows ended. */
    public record Run(long id, Path input, Path report, List<Execution> executions, Map<Status, Long> counts) {
    }

    public record Execution(long id, String status, LocalDateTime started, LocalDateTime ended, String why) {
    }
}
