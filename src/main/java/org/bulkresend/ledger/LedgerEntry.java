package org.bulkresend.ledger;

import java.time.Instant;

import org.bulkresend.credential.CredentialKind;

/**
 * One input row's record in one run: what happened to it and when. The idempotency record
 * that a restart trusts, and the source of the report.
 *
 * @param language the language of the user's message, or null if no message was written
 * @param expiresAt when the credential stops working: a temporary password's {@code --temp-password-ttl}, a
 * Temporary Access Pass's end; or null
 * @param timeZone the user's own time zone the message's times were written in (the row's or the
 * directory's, as an IANA id), or null for the run's ({@code --time-zone})
 * @param credential what the run gives its users ({@code --credential}); never null
 */
public record LedgerEntry(long jobInstanceId, long line, String userPrincipalName, String displayName,
        String notifyAddress, Status status, String reason, int attempts, Instant resetAt, Instant notifiedAt,
        String messageId, String language, Instant expiresAt, String timeZone, CredentialKind credential) {

    public LedgerEntry {
        credential = (credential != null) ? credential : CredentialKind.PASSWORD;
    }

    /** An entry of a run that gives temporary passwords. */
    public LedgerEntry(long jobInstanceId, long line, String userPrincipalName, String displayName,
            String notifyAddress, Status status, String reason, int attempts, Instant resetAt, Instant notifiedAt,
            String messageId, String language, Instant expiresAt, String timeZone) {
        this(jobInstanceId, line, userPrincipalName, displayName, notifyAddress, status, reason, attempts, resetAt,
                notifiedAt, messageId, language, expiresAt, timeZone, CredentialKind.PASSWORD);
    }

    /** An entry whose message (if any) was written in the run's time zone. */
    public LedgerEntry(long jobInstanceId, long line, String userPrincipalName, String displayName,
            String notifyAddress, Status status, String reason, int attempts, Instant resetAt, Instant notifiedAt,
            String messageId, String language, Instant expiresAt) {
        this(jobInstanceId, line, userPrincipalName, displayName, notifyAddress, status, reason, attempts, resetAt,
                notifiedAt, messageId, language, expiresAt, null);
    }

    /** An entry whose temporary password (if any) does not expire. */
    public LedgerEntry(long jobInstanceId, long line, String userPrincipalName, String displayName,
            String notifyAddress, Status status, String reason, int attempts, Instant resetAt, Instant notifiedAt,
            String messageId, String language) {
        this(jobInstanceId, line, userPrincipalName, displayName, notifyAddress, status, reason, attempts, resetAt,
                notifiedAt, messageId, language, null);
    }

    /** The same entry, with when its credential stops working. */
    public LedgerEntry withExpiry(Instant expiresAt) {
        return new LedgerEntry(this.jobInstanceId, this.line, this.userPrincipalName, this.displayName,
                this.notifyAddress, this.status, this.reason, this.attempts, this.resetAt, this.notifiedAt,
                this.messageId, this.language, expiresAt, this.timeZone, this.credential);
    }

    public LedgerEntry withOutcome(Status status, String reason, Instant notifiedAt, String messageId) {
        return new LedgerEntry(this.jobInstanceId, this.line, this.userPrincipalName, this.displayName,
                this.notifyAddress, status, reason, this.attempts, this.resetAt, notifiedAt, messageId, this.language,
                this.expiresAt, this.timeZone, this.credential);
    }
}
