package org.bulkresend.directory.internal;

import org.bulkresend.directory.AccountState;

/**
 * What a sign-in to the embedded directory came to, and why, so that {@code directory sign-in}
 * can tell an admin whether the password or the pass worked, or exactly what stopped it. A pass
 * that is not yet working, expired or used up is only named as such to someone who gave that
 * very pass: anyone else is told the password or pass is wrong.
 *
 * @param outcome what happened
 * @param state the account's state, or null if there is no such user
 * @param pass the pass signed in with or refused ({@link Outcome#PASS} and the {@code PASS_} refusals), else null
 */
public record SignInAttempt(Outcome outcome, AccountState state, TemporaryAccessPass pass) {

    /** True if the user signed in, with their password or their pass. */
    public boolean succeeded() {
        return this.outcome == Outcome.PASSWORD || this.outcome == Outcome.PASS;
    }

    /** The ways a sign-in ends. */
    public enum Outcome {

        /** Signed in with the user's password. */
        PASSWORD,
        /** Signed in with the user's Temporary Access Pass (a one-time pass is now used up). */
        PASS,
        /** Nobody has this user principal name. */
        NO_SUCH_USER,
        /** The account is blocked or deleted. */
        NOT_ACTIVE,
        /** Neither the user's password nor their pass. */
        WRONG_SECRET,
        /** The user's pass, before its start. */
        PASS_NOT_STARTED,
        /** The user's pass, at or after its end. */
        PASS_EXPIRED,
        /** The user's one-time pass, already signed in with. */
        PASS_USED_UP
    }
}
