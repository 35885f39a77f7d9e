package org.bulkresend.job;

import java.util.Locale;

import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.LanguageChoice;

/**
 * A row after the checks that change nothing: either eligible for a reset (a user, an address
 * they can read and the language to write to them in) or rejected with a status and a reason.
 */
public record ResendItem(ResendRequest request, DirectoryUser user, String address, Status rejection,
        String reason, LanguageChoice language) {

    static ResendItem eligible(ResendRequest request, DirectoryUser user, String address) {
        return new ResendItem(request, user, address, null, null, null);
    }

    static ResendItem rejected(ResendRequest request, DirectoryUser user, String address, Status status,
            String reason) {
        return new ResendItem(request, user, address, status, reason, null);
    }

    /** The same row, with the language its message is written in. */
    ResendItem writtenIn(LanguageChoice language) {
        return new ResendItem(this.request, this.user, this.address, this.rejection, this.reason, language);
    }

    /** The language of the row's message, or null if no message is written for it. */
    String languageTag() {
        return (this.language != null) ? this.language.tag() : null;
    }

    /** A reason, with why the message is not in the language asked for, if it is not. */
    String withLanguageNote(String reason) {
        return (this.language != null && this.language.note() != null) ? reason + " (" + this.language.note() + ")"
                : reason;
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
