package org.bulkresend.notify;

import java.time.ZoneId;
import java.util.Map;

import org.bulkresend.address.EmailAddresses;
import org.bulkresend.tenant.Cloud;

/**
 * What every message says besides the user's own details.
 *
 * @param from the sender address
 * @param cloud the users' Microsoft 365 cloud
 * @param signInUrl where the user signs in
 * @param helpdesk whom to contact, as it should read in the messages of the default language (and
 * of any language without its own), or null for each language's own words for "your IT helpdesk"
 * @param zone the time zone that times in messages are written in
 * @param helpdeskIn whom to contact, by language tag, as it reads in that language's messages
 * @param organization who signs the messages, or null for each language's words for "your IT team"
 * @param securityInfoUrl where a user signs in with a Temporary Access Pass and sets up their sign-in
 * methods: the cloud's My Security Info, or {@code --security-info-url}
 */
public record MessageSettings(String from, Cloud cloud, String signInUrl, String helpdesk, ZoneId zone,
        Map<String, String> helpdeskIn, String organization, String securityInfoUrl) {

    public MessageSettings {
        helpdeskIn = (helpdeskIn != null) ? Map.copyOf(helpdeskIn) : Map.of();
        if (securityInfoUrl == null && cloud != null) {
            securityInfoUrl = cloud.securityInfoUrl();
        }
    }

    /** Settings whose Temporary Access Pass messages send users to the cloud's own My Security Info. */
    public MessageSettings(String from, Cloud cloud, String signInUrl, String helpdesk, ZoneId zone,
            Map<String, String> helpdeskIn, String organization) {
        this(from, cloud, signInUrl, helpdesk, zone, helpdeskIn, organization, null);
    }

    public MessageSettings(String from, Cloud cloud, String signInUrl, String helpdesk, ZoneId zone) {
        this(from, cloud, signInUrl, helpdesk, zone, Map.of(), null);
    }

    public MessageSettings(String from, Cloud cloud, String signInUrl, String helpdesk) {
        this(from, cloud, signInUrl, helpdesk, ZoneId.systemDefault());
    }

    /**
     * Whom a message in this language names: the language's own helpdesk text (the same tag, else
     * one of its family), else the default language's; null for the language's own words.
     */
    public String helpdesk(String language) {
        return Languages.match(language, this.helpdeskIn.keySet()).map(this.helpdeskIn::get).orElse(this.helpdesk);
    }

    /** The domain of the sender address, used for Message-IDs. */
    public String fromDomain() {
        return EmailAddresses.parseMailbox(this.from).map((mailbox) -> EmailAddresses.domain(mailbox.address()))
            .orElse("localhost");
    }
}
