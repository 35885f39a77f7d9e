package org.bulkresend.ledger;

import org.bulkresend.credential.CredentialKind;

/**
 * The final status of one input row. Every row ends in exactly one, with a reason.
 */
public enum Status {

    NOTIFIED(false, true, "reset, and the message was accepted", "pass issued, and the message was accepted"),
    PREVIEWED(false, false, "dry run: rendered, nothing changed"),
    SKIPPED_ALREADY_NOTIFIED(false, true, "already notified by an earlier run"),
    REJECTED_INVALID_ROW(true, false, "the row is not usable as it is"),
    REJECTED_UNKNOWN_USER(true, true, "no such user in the directory"),
    REJECTED_NOT_ACTIVE(true, true, "the account is not active"),
    REJECTED_DUPLICATE(true, false, "the same user appears on an earlier line"),
    REJECTED_UNREACHABLE_ADDRESS(true, false, "no address the user can read"),
    DENIED_NOT_PERMITTED(true, true, "the operator may not reset this user",
            "the operator may not give this user a pass"),
    FAILED_RESET(true, true, "the directory refused the reset", "the directory refused the pass"),
    RESET_NOT_NOTIFIED(true, true, "reset, no message confirmed: run it again",
            "pass issued, no message confirmed: run it again"),
    NOTIFY_REJECTED(true, true, "the mail server refused the recipient"),
    EXPIRED(true, true, "told, but never used: 'expire' replaced it", "told, but never used: 'expire' revoked it");

    private final boolean problem;

    private final boolean claimsUser;

    private final String meaning;

    private final String passMeaning;

    Status(boolean problem, boolean claimsUser, String meaning) {
        this(problem, claimsUser, meaning, meaning);
    }

    Status(boolean problem, boolean claimsUser, String meaning, String passMeaning) {
        this.problem = problem;
        this.claimsUser = claimsUser;
        this.meaning = meaning;
        this.passMeaning = passMeaning;
    }

    /** A row in this status makes the run end with exit code 1. */
    public boolean isProblem() {
        return this.problem;
    }

    /**
     * A row in this status speaks for its user, so a later row for the same user is a duplicate.
     * Rows rejected for their own content (a malformed or unreachable address) do not: a
     * corrected row further down the file still counts.
     */
    public boolean claimsUser() {
        return this.claimsUser;
    }

    /** One short line for {@code run --help} (fits beside the name in 80 columns), in a password run's words. */
    public String meaning() {
        return this.meaning;
    }

    /** {@link #meaning()} in the words of a run that gives users this kind of credential. */
    public String meaning(CredentialKind kind) {
        return (kind == CredentialKind.TAP) ? this.passMeaning : this.meaning;
    }
}
