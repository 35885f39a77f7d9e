package org.bulkresend.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bulkresend.access.ResetPermissions;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Status;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * No silent lockout (design: 'no silent lockout'): a run with users reset but not told does not
 * end as finished. It fails, restartable, and says how many are waiting; the next run of the same
 * command redoes them. When every one of them waits because this operator may not reset them,
 * it says so and who may finish them.
 */
class AllToldTasklet implements Tasklet {

    private final Ledger ledger;

    private final Directory directory;

    AllToldTasklet(Ledger ledger, Directory directory) {
        this.ledger = ledger;
        this.directory = directory;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long instance = contribution.getStepExecution().getJobExecution().getJobInstanceId();
        long waiting = this.ledger.countByStatus(instance).getOrDefault(Status.RESET_NOT_NOTIFIED, 0L);
        if (waiting == 0) {
            return RepeatStatus.FINISHED;
        }
        String operator = contribution.getStepExecution().getJobParameters().getString(ResendJobParameters.OPERATOR);
        CredentialKind credential = ResendJobParameters.credential(contribution.getStepExecution().getJobParameters());
        List<String> heldFor = heldForAnotherOperator(instance, operator, credential);
        if (heldFor != null) {
            throw new UsersWaitingForOperatorException(waiting + ((waiting == 1) ? " user was" : " users were")
                    + " reset by an earlier attempt of run " + instance + " and not told, and " + operator
                    + " may not reset " + ((waiting == 1) ? "them" : "any of them") + " (" + String.join(", ", heldFor)
                    + "). They keep their status RESET_NOT_NOTIFIED: run the same command as the operator who started "
                    + "the run, or as another admin who may reset them, to give each " + fresh(credential)
                    + " and a message.");
        }
        throw new UsersNotToldException(waiting + ((waiting == 1) ? " user was" : " users were")
                + " reset but not told: the mail channel did not accept their message (see the reasons in the "
                + "report). Run the same command again once mail works: each gets " + fresh(credential) + " and a "
                + "fresh message; users already told are not touched.");
    }

    private static String fresh(CredentialKind credential) {
        return (credential == CredentialKind.TAP) ? "a fresh pass" : "a fresh password";
    }

    /** The users waiting, if this operator may reset none of them; null if some are theirs to finish. */
    private List<String> heldForAnotherOperator(long instance, String operatorName, CredentialKind credential) {
        if (operatorName == null) {
            return null;
        }
        DirectoryUser operator = this.directory.find(operatorName).orElse(null);
        List<String> names = new ArrayList<>();
        this.ledger.forEachEntry(instance, (entry) -> {
            if (entry.status() == Status.RESET_NOT_NOTIFIED) {
                names.add(entry.userPrincipalName());
            }
        });
        if (operator == null || names.isEmpty()) {
            return null;
        }
        Map<String, DirectoryUser> users = this.directory.findAll(names);
        for (String name : names) {
            DirectoryUser user = users.get(DirectoryUser.key(name));
            if (user == null || ResetPermissions.denial(this.directory.accessRules(), operator, user, credential).isEmpty()) {
                return null;
            }
        }
        return (names.size() > 5) ? List.of(String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5)
                + " more") : names;
    }
}
