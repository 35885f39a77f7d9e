package org.bulkresend.notify;

import java.time.Instant;

import org.bulkresend.password.Secret;

/**
 * A message to send: who it is for, where it goes, and the password it carries. The password
 * is a {@link Secret}, so this record's {@code toString()} never shows it.
 *
 * @param line the input line this message answers, to match outcomes back to rows
 * @param language the language to write it in, as the templates name it, or null for the default
 * @param expiresAt until when the temporary password works, or null if it does not expire
 */
public record Notification(long line, String userPrincipalName, String displayName, String recipient,
        Secret password, String language, Instant expiresAt) {

    /** A message in the default language, with a password that does not expire. */
    public Notification(long line, String userPrincipalName, String displayName, String recipient, Secret password) {
        this(line, userPrincipalName, displayName, recipient, password, null, null);
    }
}
