package org.bulkresend.ledger;

import java.time.Instant;

/**
 * One input row's record in one run: what happened to it and when. The idempotency record
 * that a restart trusts, and the source of the report.
 *
 * @param language the language of the user's message, or null if no message was written
 */
public record LedgerEntry(long jobInstanceId, long line, String userPrincipalName, String displayName,
        String notifyAddress, Status status, String reason, int attempts, Instant resetAt, Instant notifiedAt,
        String messageId, String language) {

    public LedgerEntry withOutcome(Status status, String reason, Instant notifiedAt, String messageId) {
        return new LedgerEntry(this.jobInstanceId, this.line, this.userPrincipalName, this.displayName,
                this.notifyAddress, status, reason, this.attempts, this.resetAt, notifiedAt, messageId, this.language);
    }
}
