package org.bulkresend.notify;

import java.time.Instant;
import java.time.ZoneId;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.PassTerms;
import org.bulkresend.password.Secret;

/**
 * A message to send: who it is for, where it goes, and the credential it carries: a temporary
 * password, or a Temporary Access Pass with its terms. The credential is a {@link Secret}, so this
 * record's {@code toString()} never shows it.
 *
 * @param line the input line this message answers, to match outcomes back to rows
 * @param language the language to write it in, as the templates name it, or null for the default
 * @param password the temporary password, or the Temporary Access Pass if {@code pass} is given
 * @param expiresAt until when the credential works (a pass's end), or null if it does not expire
 * @param timeZone the zone the user reads times in, or null for the run's ({@link MessageSettings#zone()})
 * @param pass the terms of the Temporary Access Pass this message carries, or null for a password
 */
public record Notification(long line, String userPrincipalName, String displayName, String recipient,
        Secret password, String language, Instant expiresAt, ZoneId timeZone, PassTerms pass) {

    /** A message that carries a temporary password. */
    public Notification(long line, String userPrincipalName, String displayName, String recipient, Secret password,
            String language, Instant expiresAt, ZoneId timeZone) {
        this(line, userPrincipalName, displayName, recipient, password, language, expiresAt, timeZone, null);
    }

    /** A message that carries a Temporary Access Pass: it ends when the pass does. */
    public static Notification ofPass(long line, String userPrincipalName, String displayName, String recipient,
            Secret pass, String language, ZoneId timeZone, PassTerms terms) {
        return new Notification(line, userPrincipalName, displayName, recipient, pass, language, terms.endsAt(),
                timeZone, terms);
    }

    /** What the message carries. */
    public CredentialKind credential() {
        return (this.pass != null) ? CredentialKind.TAP : CredentialKind.PASSWORD;
    }

    /** A message whose times are written in the run's time zone. */
    public Notification(long line, String userPrincipalName, String displayName, String recipient, Secret password,
            String language, Instant expiresAt) {
        this(line, userPrincipalName, displayName, recipient, password, language, expiresAt, null);
    }

    /** A message in the default language, with a password that does not expire. */
    public Notification(long line, String userPrincipalName, String displayName, String recipient, Secret password) {
        this(line, userPrincipalName, displayName, recipient, password, null, null, null);
    }
}
