package org.bulkresend.directory;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * A user as the directory knows them. It carries no password and no hash: the hash stays
 * inside the directory implementation.
 *
 * @param mail the user's own mailbox address, if it differs from the principal name
 * @param alternateEmail an address outside the tenant that the user can already read
 * @param id the directory's own identifier of the user (Microsoft Graph's object id), or null
 */
public record DirectoryUser(String userPrincipalName, String displayName, String givenName, String surname,
        AccountState state, Set<AdminRole> roles, String mail, String alternateEmail, String preferredLanguage,
        boolean mustChangePassword, Instant passwordLastSet, String id) {

    public DirectoryUser {
        roles = Set.copyOf(roles);
    }

    /** A user of a directory that has no identifiers of its own besides the principal name. */
    public DirectoryUser(String userPrincipalName, String displayName, String givenName, String surname,
            AccountState state, Set<AdminRole> roles, String mail, String alternateEmail, String preferredLanguage,
            boolean mustChangePassword, Instant passwordLastSet) {
        this(userPrincipalName, displayName, givenName, surname, state, roles, mail, alternateEmail, preferredLanguage,
                mustChangePassword, passwordLastSet, null);
    }

    /** The case-insensitive key a principal name is matched by. */
    public static String key(String userPrincipalName) {
        return userPrincipalName.trim().toLowerCase(Locale.ROOT);
    }

    public String key() {
        return key(this.userPrincipalName);
    }

    /** True if the address is one of the user's own tenant mailboxes, which they cannot open yet. */
    public boolean isOwnMailbox(String address) {
        String candidate = address.trim();
        return candidate.equalsIgnoreCase(this.userPrincipalName)
                || (this.mail != null && candidate.equalsIgnoreCase(this.mail));
    }
}
