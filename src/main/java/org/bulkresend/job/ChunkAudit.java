package org.bulkresend.job;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.bulkresend.access.AuditEvent;
import org.bulkresend.access.AuditEvent.Action;
import org.bulkresend.access.AuditTrail;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.Delivery;

/**
 * Turns what one chunk did into audit events for the run's operator: each reset and its
 * result, each denial, each message sent, refused or not sent.
 */
class ChunkAudit {

    private final AuditTrail trail;

    private final String operator;

    private final long run;

    private final Clock clock;

    /** What the directory gives the users: a reset (of a password) or a pass issued. */
    private final Action change;

    ChunkAudit(AuditTrail trail, String operator, long run, Clock clock, CredentialKind credential) {
        this.trail = trail;
        this.operator = operator;
        this.run = run;
        this.clock = clock;
        this.change = (credential == CredentialKind.TAP) ? Action.ISSUE_PASS : Action.RESET;
    }

    void resets(List<ResetResult> results) {
        List<AuditEvent> events = new ArrayList<>();
        for (ResetResult result : results) {
            events.add(event(result.user().userPrincipalName(), this.change,
                    result.succeeded() ? "SUCCEEDED" : "FAILED", result.failure()));
        }
        this.trail.recordAll(events);
    }

    void denials(List<LedgerEntry> outcomes) {
        List<AuditEvent> events = new ArrayList<>();
        for (LedgerEntry entry : outcomes) {
            if (entry.status() == Status.DENIED_NOT_PERMITTED) {
                events.add(event(entry.userPrincipalName(), Action.DENIED, "DENIED", entry.reason()));
            }
        }
        this.trail.recordAll(events);
    }

    /** One message's outcome, recorded with it as soon as the server answered. */
    void message(Delivery delivery) {
        String outcome = switch (delivery.outcome()) {
            case ACCEPTED -> "SENT";
            case REFUSED -> "REFUSED";
            case DEFERRED, FAILED, ROUTE_REFUSED -> "NOT_SENT";
        };
        String reason = (delivery.outcome() == Delivery.Outcome.ACCEPTED) ? "message " + delivery.messageId()
                + " accepted" : delivery.detail();
        this.trail.recordAll(List.of(new AuditEvent(this.clock.instant(), this.operator,
                delivery.notification().userPrincipalName(), Action.MESSAGE, outcome, reason, this.run,
                delivery.sender())));
    }

    private AuditEvent event(String target, Action action, String outcome, String reason) {
        return new AuditEvent(this.clock.instant(), this.operator, target, action, outcome, reason, this.run);
    }
}
