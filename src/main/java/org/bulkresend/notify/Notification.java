package org.bulkresend.notify;

import java.time.Instant;
import java.time.ZoneId;

import org.bulkresend.password.Secret;

/**
 * A message to send: who it is for, where it goes, and the password it carries. The password
 * is a {@link Secret}, so this record's {@code toString()} never shows it.
 *
 * @param line the input line this message answers, to match outcomes back to rows
 * @param language the language to write it in, as the templates name it, or null for the default
 * @param expiresAt until when the temporary password works, or null if it does not expire
 * @param timeZone the zone the user reads times in, or null for the run's ({@link MessageSettings#zone()})
 */
public record Notification(long line, String userPrincipalName, String displayName, String recipient,
        Secret password, String language, Instant expiresAt, ZoneId timeZone) {

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
