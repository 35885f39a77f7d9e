package org.bulkresend.directory;

import org.bulkresend.password.Secret;

/**
 * A directory whose admins sign in to bulk-resend with their own password (the embedded one).
 * With Microsoft Graph the app's own credential is what signs in, and no operator password is asked.
 */
public interface PasswordSignIn {

    /** True if the password matches the user's own. */
    boolean verifyPassword(String userPrincipalName, Secret password);

    /** True if the user has a password of their own to sign in with (an imported user may have none). */
    boolean hasPassword(String userPrincipalName);
}
