package org.bulkresend.notify;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** Delivers messages: an SMTP server, or the outbox folder when none is configured. */
public interface MailChannel {

    /**
     * Delivers each message and reports each one's own outcome, in the order given: a batch
     * can partly succeed, and a message that went out is never reported as failed.
     */
    List<Delivery> deliver(List<Notification> notifications);

    /**
     * A setting this channel cannot send without, as a message for the admin; checked before a
     * run starts, so that a missing setting changes nothing.
     */
    default Optional<String> missingSetting() {
        return Optional.empty();
    }

    /**
     * Sends one message that carries no password, such as the operator's run summary.
     *
     * @param message composes the message in the channel's mail session
     * @return why it was not sent, or empty if it was
     */
    Optional<String> send(Function<Session, MimeMessage> message);

    /** Throws {@link MailChannelUnavailableException} if the channel cannot take messages now. */
    void check();

    /** Where messages go, for the summary ("SMTP server mail.example.com:587"). */
    String describe();
}
