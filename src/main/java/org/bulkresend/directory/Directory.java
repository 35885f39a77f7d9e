package org.bulkresend.directory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.PassRequest;
import org.bulkresend.credential.PassTerms;
import org.bulkresend.credential.TapPolicy;
import org.bulkresend.password.PasswordGenerator;
import org.bulkresend.password.Secret;

/**
 * Where users live and passwords are reset. The embedded directory is the default; other
 * directories (Microsoft Graph, Active Directory) implement the same contract.
 */
public interface Directory {

    Optional<DirectoryUser> find(String userPrincipalName);

    /** Which directory this is, for the run's printout. */
    default String describe() {
        return "the embedded directory";
    }

    /**
     * What {@code check} finds about this directory by reads that change nothing: that bulk-resend can
     * sign in, holds the permissions a run that gives this credential needs, and can read users. The
     * embedded directory only needs its database, which answers a look-up.
     */
    default List<AccessCheck> checkAccess(CredentialKind credential) {
        return List.of(AccessCheck.attempt("directory read", () -> {
            find("bulk-resend-check@check.invalid");
            return describe() + " answers a look-up";
        }, "make sure the data directory's database can be read (see database)"));
    }

    /** How an input row may name a user: by user principal name, unless the directory knows other names. */
    default NameForms nameForms() {
        return NameForms.PRINCIPAL_NAMES;
    }

    /** Which of bulk-resend's rules decide, on top of the directory's own, who may reset whom. */
    default AccessRules accessRules() {
        return AccessRules.ENTRA_ROLES;
    }

    /**
     * The generator of a run's new passwords: the configured one, or one that meets a longer minimum
     * the directory's own policy asks for.
     */
    default PasswordGenerator passwords(PasswordGenerator configured) {
        return configured;
    }

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
     * True if the directory shows that the user's password was set after {@code since}: the user
     * signed in and chose their own, or someone set another. bulk-resend records when it told a user
     * a password, after setting it, so a later change is not its own.
     */
    default boolean passwordReplacedSince(DirectoryUser user, java.time.Instant since) {
        return user.passwordLastSet() != null && user.passwordLastSet().isAfter(since);
    }

    /**
     * Sets each user's password and requires a new one at next sign-in. One user's failure
     * does not stop the others: each gets its own result, in the order given.
     */
    List<ResetResult> resetPasswords(List<PasswordReset> resets);

    /** One password to set. */
    record PasswordReset(DirectoryUser user, Secret password) {
    }

    /**
     * The directory's Temporary Access Pass policy, read before a run that issues passes changes
     * anything.
     *
     * @throws DirectoryRefusedException if this directory cannot issue passes, or may not read its policy
     * @throws DirectoryUnavailableException if it cannot be reached
     */
    default TapPolicy temporaryAccessPassPolicy() {
        throw new DirectoryRefusedException(describe() + " cannot issue Temporary Access Passes: use "
                + "--credential password, or a directory that issues them (--directory graph, or the embedded one).");
    }

    /**
     * Issues each user a new Temporary Access Pass, which replaces any pass they hold; their
     * password is left as it is. Each result carries the pass ({@link ResetResult#credential()}),
     * which exists only in the directory's answer, and its terms ({@link ResetResult#terms()}). One
     * user's failure does not stop the others: each gets its own result, in the order given.
     */
    default List<ResetResult> issueTemporaryAccessPasses(List<DirectoryUser> users, PassRequest request) {
        throw new DirectoryRefusedException(describe() + " cannot issue Temporary Access Passes.");
    }

    /**
     * True if the user has set up a way to sign in other than a password and a Temporary Access
     * Pass (Microsoft Authenticator, a passkey, a phone): their pass has done its work.
     */
    default boolean registeredSignInMethod(DirectoryUser user) {
        return false;
    }

    /**
     * Deletes the user's Temporary Access Pass, if they hold one that is not yet used up, so that it
     * stops working before its end.
     *
     * @return true if a pass was deleted
     */
    default boolean revokeTemporaryAccessPass(DirectoryUser user) {
        return false;
    }

    /**
     * What happened to one reset: {@code outcome} says which, {@code failure} is a human reason,
     * null on success.
     *
     * @param credential what the user is to be told, once the directory holds it: the password it
     * was given, or a credential the directory made itself; null unless {@link Outcome#RESET}
     * @param terms when a Temporary Access Pass works, as the directory issued it; null for a password
     */
    record ResetResult(DirectoryUser user, Outcome outcome, String failure, Secret credential, PassTerms terms) {

        /** The directory holds the credential now: the user is told this one. */
        public static ResetResult set(DirectoryUser user, Secret credential) {
            return new ResetResult(user, Outcome.RESET, null, Objects.requireNonNull(credential, "credential"), null);
        }

        /** The directory issued this Temporary Access Pass, on these terms: the user is told it. */
        public static ResetResult issued(DirectoryUser user, Secret pass, PassTerms terms) {
            return new ResetResult(user, Outcome.RESET, null, Objects.requireNonNull(pass, "pass"),
                    Objects.requireNonNull(terms, "terms"));
        }

        /** A reset that failed for a reason of its own ({@link Outcome#FAILED}). */
        public static ResetResult failed(DirectoryUser user, String reason) {
            return new ResetResult(user, Outcome.FAILED, reason, null, null);
        }

        public static ResetResult denied(DirectoryUser user, String reason) {
            return new ResetResult(user, Outcome.DENIED, reason, null, null);
        }

        public static ResetResult gone(DirectoryUser user, String reason) {
            return new ResetResult(user, Outcome.GONE, reason, null, null);
        }

        public static ResetResult unreachable(DirectoryUser user, String reason) {
            return new ResetResult(user, Outcome.UNREACHABLE, reason, null, null);
        }

        public boolean succeeded() {
            return this.outcome == Outcome.RESET;
        }
    }

    /** The kinds of reset outcome, each ending in its own status. */
    enum Outcome {

        /** The password is set and must be changed at next sign-in. */
        RESET,
        /** The directory refused this user's reset (a policy, an account that changed): not set. */
        FAILED,
        /** The directory says the operator's app may not reset this user: not set. */
        DENIED,
        /** The user is no longer in the directory. */
        GONE,
        /**
         * The directory could not be reached, so the password may or may not be set; the run stops
         * and a later one resets this user again.
         */
        UNREACHABLE
    }
}
