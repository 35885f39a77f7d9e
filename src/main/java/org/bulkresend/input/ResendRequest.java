package org.bulkresend.input;

import java.time.ZoneId;

import org.bulkresend.password.Secret;

/**
 * One row of the input file: who to reset and where to tell them.
 *
 * @param line the line of the file the row starts on, as a spreadsheet shows it
 * @param notifyAddress the address from the row, or null to use the directory's alternate email
 * @param timeZone the zone the row gives for the times in the user's message, or null
 * @param suppliedPassword the admin's own password for this user, or null to generate one
 * @param problem why the row cannot be used as it is, or null for a usable row
 */
public record ResendRequest(long line, String userPrincipalName, String notifyAddress, String displayName,
        String language, ZoneId timeZone, Secret suppliedPassword, String problem) {

    public boolean isValid() {
        return this.problem == null;
    }

    @Override
    public String toString() {
        return "ResendRequest[line=" + this.line + ", userPrincipalName=" + this.userPrincipalName + ", problem="
                + this.problem + ", suppliedPassword=" + ((this.suppliedPassword != null) ? "[secret]" : "none") + "]";
    }
}
