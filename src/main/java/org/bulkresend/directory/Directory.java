package org.bulkresend.directory;

import java.util.List;
import java.util.Optional;

import org.bulkresend.password.Secret;

/**
 * Where users live and passwords are reset. The embedded directory is the default; other
 * directories (Microsoft Graph) implement the same contract.
 */
public interface Directory {

    Optional<DirectoryUser> find(String userPrincipalName);

    /**
     * Sets each user's password and requires a new one at next sign-in. One user's failure
     * does not stop the others: each gets its own result, in the order given.
     */
    List<ResetResult> resetPasswords(List<PasswordReset> resets);

    /** One password to set. */
    record PasswordReset(DirectoryUser user, Secret password) {
    }

    /** What happened to one reset; {@code failure} is a human reason, null on success. */
    record ResetResult(DirectoryUser user, String failure) {

        public boolean succeeded() {
            return this.failure == null;
        }
    }
}
