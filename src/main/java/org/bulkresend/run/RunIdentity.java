package org.bulkresend.run;

import org.bulkresend.job.ResendJobParameters;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;

/**
 * How the job repository knows a run: by its file's content (SHA-256) and a sequence number that
 * {@code --rerun} and a follow-up's resend raise. A file whose latest run did not finish is
 * continued, not run again.
 */
final class RunIdentity {

    private final JobRepository jobRepository;

    private final Job job;

    RunIdentity(JobRepository jobRepository, Job job) {
        this.jobRepository = jobRepository;
        this.job = job;
    }

    /** The identifying parameters of the run with this sequence number of a file with this content. */
    static JobParameters of(String sha256, long sequence) {
        return new JobParametersBuilder().addString(ResendJobParameters.INPUT_SHA256, sha256)
            .addLong(ResendJobParameters.RUN_SEQUENCE, sequence)
            .toJobParameters();
    }

    /** The sequence number of the latest run of a file with this content, or -1 if it never ran. */
    long latestSequence(String sha256) {
        long sequence = -1;
        while (this.jobRepository.getJobInstance(this.job.getName(), of(sha256, sequence + 1)) != null) {
            sequence++;
        }
        return sequence;
    }

    /** The last execution of that run, or null. */
    JobExecution lastExecution(String sha256, long sequence) {
        JobInstance instance = this.jobRepository.getJobInstance(this.job.getName(), of(sha256, sequence));
        return (instance != null) ? this.jobRepository.getLastJobExecution(instance) : null;
    }

    /** True if the latest run of a file with this content failed, was stopped or was killed. */
    boolean isUnfinished(String sha256) {
        long sequence = latestSequence(sha256);
        return sequence >= 0 && unfinished(lastExecution(sha256, sequence));
    }

    /** The execution with this id, or null. */
    JobExecution execution(long id) {
        try {
            return this.jobRepository.getJobExecution(id);
        }
        catch (EmptyResultDataAccessException ex) {
            return null; // the JDBC repository throws where it means "no such execution"
        }
    }

    /** The last execution of the latest run that did not finish, or null if every run finished. */
    JobExecution latestUnfinished() {
        for (JobInstance instance : this.jobRepository.getJobInstances(this.job.getName(), 0, 1000)) {
            JobExecution last = this.jobRepository.getLastJobExecution(instance);
            if (unfinished(last)) {
                return last;
            }
        }
        return null;
    }

    static boolean unfinished(JobExecution last) {
        return last != null && last.getStatus() != BatchStatus.COMPLETED && last.getStatus() != BatchStatus.ABANDONED;
    }
}
