package org.bulkresend.job;

import java.util.Locale;

import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.ledger.Status;

/**
 * A row after the checks that change nothing: either eligible for a reset (a user and an
 * address they can read) or rejected with a status and a reason.
 */
public record ResendItem(ResendRequest request, DirectoryUser user, String address, Status rejection,
        String reason) {

    static ResendItem eligible(ResendRequest request, DirectoryUser user, String address) {
        return new ResendItem(request, user, address, null, null);
    }

    static ResendItem rejected(ResendRequest request, DirectoryUser user, String address, Status status,
            String reason) {
        return new ResendItem(request, user, address, status, reason);
    }

    public boolean isEligible() {
        return this.rejection == null;
    }

    /** The key duplicates are found by: the directory's principal name, else the row's. */
    String userKey() {
        if (this.user != null) {
            return this.user.key();
        }
        String upn = this.request.userPrincipalName();
        return (upn != null) ? upn.trim().toLowerCase(Locale.ROOT) : null;
    }

    String userPrincipalName() {
        return (this.user != null) ? this.user.userPrincipalName() : this.request.userPrincipalName();
    }

    String displayName() {
        if (this.user != null && this.user.displayName() != null && !this.user.displayName().isBlank()) {
            return this.user.displayName();
        }
        return this.request.displayName();
    }
}
