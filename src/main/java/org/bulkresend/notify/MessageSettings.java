package org.bulkresend.notify;

/**
 * What every message says besides the user's own details.
 *
 * @param from the sender address
 * @param cloud the users' Microsoft 365 cloud
 * @param signInUrl where the user signs in
 * @param helpdesk whom to contact, as it should read in the message
 */
public record MessageSettings(String from, Cloud cloud, String signInUrl, String helpdesk) {

    /** The domain of the sender address, used for Message-IDs. */
    public String fromDomain() {
        int at = this.from.lastIndexOf('@');
        return (at >= 0 && at < this.from.length() - 1) ? this.from.substring(at + 1) : "localhost";
    }
}
