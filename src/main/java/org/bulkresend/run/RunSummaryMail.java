package org.bulkresend.run;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.notify.MailRoutes;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.report.SummaryMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's summary of a run ({@code --summary-to}), sent through the run's own mail route
 * after a run that did something. A summary that cannot be sent is said so in the outcome, and
 * changes nothing about the run.
 */
final class RunSummaryMail {

    private static final Logger logger = LoggerFactory.getLogger(RunSummaryMail.class);

    private final MailRoutes mailRoutes;

    private final List<String> to;

    private final Clock clock;

    /** @param to who gets the summary; empty for nobody */
    RunSummaryMail(MailRoutes mailRoutes, List<String> to, Clock clock) {
        this.mailRoutes = mailRoutes;
        this.to = List.copyOf(to);
        this.clock = clock;
    }

    /** The outcome, with whether its summary was sent (if one was asked for). */
    RunOutcome send(RunOutcome outcome) {
        if (this.to.isEmpty() || outcome.mail() == null) {
            return outcome;
        }
        String recipients = String.join(", ", this.to);
        MessageComposer sender = this.mailRoutes.composer(outcome.mail());
        Optional<String> problem;
        try {
            problem = this.mailRoutes.open(outcome.mail()).send((session) -> SummaryMessage.compose(session,
                    sender.settings(), this.to, outcome.jobInstanceId(), outcome.input().getFileName().toString(),
                    outcome.message(), outcome.counts(),
                    (outcome.passes() != null) ? CredentialKind.TAP : CredentialKind.PASSWORD, outcome.report(),
                    this.clock.instant()));
        }
        catch (RuntimeException ex) {
            problem = Optional.of(String.valueOf(ex.getMessage()));
        }
        if (problem.isPresent()) {
            logger.warn("The summary of run {} could not be sent to {}: {}", outcome.jobInstanceId(), recipients,
                    problem.get());
            return outcome.withSummary("not sent to " + recipients + ": " + problem.get());
        }
        logger.info("The summary of run {} was sent to {}.", outcome.jobInstanceId(), recipients);
        return outcome.withSummary("sent to " + recipients);
    }
}
