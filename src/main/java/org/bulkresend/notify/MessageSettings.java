package org.bulkresend.notify;

import java.time.ZoneId;

import org.bulkresend.address.EmailAddresses;
import org.bulkresend.tenant.Cloud;

/**
 * What every message says besides the user's own details.
 *
 * @param from the sender address
 * @param cloud the users' Microsoft 365 cloud
 * @param signInUrl where the user signs in
 * @param helpdesk whom to contact, as it should read in the message, or null for each language's
 * own words for "your IT helpdesk"
 * @param zone the time zone that times in messages are written in
 */
public record MessageSettings(String from, Cloud cloud, String signInUrl, String helpdesk, ZoneId zone) {

    public MessageSettings(String from, Cloud cloud, String signInUrl, String helpdesk) {
        this(from, cloud, signInUrl, helpdesk, ZoneId.systemDefault());
    }

    /** The domain of the sender address, used for Message-IDs. */
    public String fromDomain() {
        return EmailAddresses.parseMailbox(this.from).map((mailbox) -> EmailAddresses.domain(mailbox.address()))
            .orElse("localhost");
    }
}
