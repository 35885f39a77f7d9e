package org.bulkresend.job;

import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Status;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Design invariant 1, no silent lockout: a run with users reset but not told does not end as
 * finished. It fails, restartable, and says how many are waiting; the next run of the same
 * command redoes them.
 */
class AllToldTasklet implements Tasklet {

    private final Ledger ledger;

    AllToldTasklet(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long instance = contribution.getStepExecution().getJobExecution().getJobInstanceId();
        long waiting = this.ledger.countByStatus(instance).getOrDefault(Status.RESET_NOT_NOTIFIED, 0L);
        if (waiting > 0) {
            throw new UsersNotToldException(waiting + ((waiting == 1) ? " user was" : " users were")
                    + " reset but not told: the mail channel did not accept their message (see the reasons in the "
                    + "report). Run the same command again once mail works: each gets a fresh password and a "
                    + "fresh message; users already told are not touched.");
        }
        return RepeatStatus.FINISHED;
    }
}
