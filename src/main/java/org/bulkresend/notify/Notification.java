package org.bulkresend.notify;

import org.bulkresend.password.Secret;

/**
 * A message to send: who it is for, where it goes, and the password it carries. The password
 * is a {@link Secret}, so this record's {@code toString()} never shows it.
 *
 * @param line the input line this message answers, to match outcomes back to rows
 */
public record Notification(long line, String userPrincipalName, String displayName, String recipient,
        Secret password) {
}
