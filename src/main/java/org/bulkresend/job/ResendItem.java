package org.bulkresend.job;

import java.time.ZoneId;
import java.util.Locale;

import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.LanguageChoice;
import org.bulkresend.zone.TimeZones;

/**
 * A row after the checks that change nothing: either eligible for a reset (a user, an address
 * they can read, the language to write to them in and the time zone of the times in it) or
 * rejected with a status and a reason.
 */
public record ResendItem(ResendRequest request, DirectoryUser user, String address, Status rejection,
        String reason, LanguageChoice language, TimeZones.Choice zone) {

    static ResendItem eligible(ResendRequest request, DirectoryUser user, String address) {
        return new ResendItem(request, user, address, null, null, null, null);
    }

    static ResendItem rejected(ResendRequest request, DirectoryUser user, String address, Status status,
            String reason) {
        return new ResendItem(request, user, address, status, reason, null, null);
    }

    /** The same row, with the language its message is written in and the zone of the times in it. */
    ResendItem writtenIn(LanguageChoice language, TimeZones.Choice zone) {
        return new ResendItem(this.request, this.user, this.address, this.rejection, this.reason, language, zone);
    }

    /** The language of the row's message, or null if no message is written for it. */
    String languageTag() {
        return (this.language != null) ? this.language.tag() : null;
    }

    /** The zone the times in the row's message are written in, or null for the run's. */
    ZoneId timeZone() {
        return (this.zone != null) ? this.zone.zone() : null;
    }

    /** The same, as the ledger records it: the zone's id, or null. */
    String timeZoneId() {
        ZoneId zone = timeZone();
        return (zone != null) ? zone.getId() : null;
    }

    /**
     * A reason, with why the message is not in the language asked for, and why its times are not
     * in the zone the directory gives, where they are not.
     */
    String withNotes(String reason) {
        String withLanguage = (this.language != null && this.language.note() != null)
                ? reason + " (" + this.language.note() + ")" : reason;
        return (this.zone != null && this.zone.note() != null) ? withLanguage + " (" + this.zone.note() + ")"
                : withLanguage;
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
