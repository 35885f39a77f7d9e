package org.bulkresend.job;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.PassRequest;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.Directory.PasswordReset;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.password.Secret;

/**
 * The one step of the reset-and-tell sequence that differs between kinds of credential: giving
 * each user a new one in the directory. Everything around it (the intent recorded first, the
 * message only once the directory holds the credential, each outcome recorded as it is known) is
 * {@link ResetAndTell}'s, whatever the kind.
 */
interface CredentialIssuer {

    /** What the users get. */
    CredentialKind kind();

    /**
     * Gives each item's user a new credential, in order, and returns once the directory holds them;
     * each successful result carries what the user is told. One user's failure does not stop the
     * others.
     */
    List<ResetResult> issue(List<? extends ResendItem> items);

    /** An issuer of this kind that gives the users their credentials as {@code issue} does. */
    static CredentialIssuer of(CredentialKind kind, Function<List<? extends ResendItem>, List<ResetResult>> issue) {
        return new Issuer(kind, issue);
    }

    /**
     * Temporary passwords: each user's password is replaced by {@code passwords}' (the row's own,
     * or a new one) and must be changed at next sign-in.
     */
    static CredentialIssuer passwords(Function<List<PasswordReset>, List<ResetResult>> directory,
            Function<ResendItem, Secret> passwords) {
        return of(CredentialKind.PASSWORD, (items) -> {
            List<PasswordReset> resets = new ArrayList<>(items.size());
            List<ResetResult> results = null;
            try {
                for (ResendItem item : items) {
                    resets.add(new PasswordReset(item.user(), passwords.apply(item)));
                }
                results = directory.apply(resets);
                return results;
            }
            finally {
                // A password the directory did not take is told to nobody: forgotten now.
                for (int i = 0; i < resets.size(); i++) {
                    if (results == null || !results.get(i).succeeded()) {
                        resets.get(i).password().destroy();
                    }
                }
            }
        });
    }

    /**
     * Temporary Access Passes: the directory makes each user a pass on the terms asked for (and its
     * policy), which replaces any pass they hold; their password is left as it is.
     */
    static CredentialIssuer passes(Directory directory, PassRequest request) {
        return of(CredentialKind.TAP, (items) -> directory
            .issueTemporaryAccessPasses(items.stream().map(ResendItem::user).toList(), request));
    }

    /** What {@link #of} makes. */
    record Issuer(CredentialKind kind, Function<List<? extends ResendItem>, List<ResetResult>> issuing)
            implements CredentialIssuer {

        @Override
        public List<ResetResult> issue(List<? extends ResendItem> items) {
            return this.issuing.apply(items);
        }
    }
}
