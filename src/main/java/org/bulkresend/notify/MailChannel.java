package org.bulkresend.notify;

import java.util.List;

/** Delivers messages: an SMTP server, or the outbox folder when none is configured. */
public interface MailChannel {

    /**
     * Delivers each message and reports each one's own outcome, in the order given: a batch
     * can partly succeed, and a message that went out is never reported as failed.
     */
    List<Delivery> deliver(List<Notification> notifications);

    /** Throws {@link MailChannelUnavailableException} if the channel cannot take messages now. */
    void check();

    /** Where messages go, for the summary ("SMTP server mail.example.com:587"). */
    String describe();
}
