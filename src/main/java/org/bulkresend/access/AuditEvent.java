package org.bulkresend.access;

import java.time.Instant;

/**
 * One thing an operator did or tried: sign in, reset, be denied, send a message.
 *
 * @param target the user acted on, or null for a sign-in
 * @param run the run (job instance) it belongs to, or null
 * @param sender the mailbox a message was sent from, or null
 */
public record AuditEvent(Instant at, String operator, String target, Action action, String outcome, String reason,
        Long run, String sender) {

    /** An event that is not a message sent from a mailbox. */
    public AuditEvent(Instant at, String operator, String target, Action action, String outcome, String reason,
            Long run) {
        this(at, operator, target, action, outcome, reason, run, null);
    }

    public enum Action {

        SIGN_IN, RESET, DENIED, MESSAGE,

        /** An unused temporary password past its expiry, replaced by one nobody knows. */
        EXPIRE,

        /** A Temporary Access Pass issued to a user (their password is not changed). */
        ISSUE_PASS,

        /** An unused Temporary Access Pass deleted before its end ({@code expire --revoke-unused}). */
        REVOKE_PASS

    }
}
