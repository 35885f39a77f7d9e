package org.bulkresend.directory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bulkresend.password.Secret;

/**
 * Where users live and passwords are reset. The embedded directory is the default; other
 * directories (Microsoft Graph) implement the same contract.
 */
public interface Directory {

    Optional<DirectoryUser> find(String userPrincipalName);

    /**
     * Looks many users up at once (a chunk's), keyed by {@link DirectoryUser#key(String)}; users
     * not in the directory are absent. A directory that can look up in one round trip overrides this.
     */
    default Map<String, DirectoryUser> findAll(Collection<String> userPrincipalNames) {
        Map<String, DirectoryUser> found = new HashMap<>();
        for (String userPrincipalName : userPrincipalNames) {
            find(userPrincipalName).ifPresent((user) -> found.put(user.key(), user));
        }
        return found;
    }

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
