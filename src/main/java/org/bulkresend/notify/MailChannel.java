package org.bulkresend.notify;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * Delivers messages over one route: an SMTP server, Microsoft Graph sendMail, or the outbox
 * folder. {@link MailRoutes} builds every channel a command uses, so that users' messages, the
 * operator's summary and the probe before the first reset all take the same way out.
 */
public interface MailChannel {

    /**
     * Delivers the messages in the order given (a pool of mailboxes may send those due at once
     * grouped by mailbox) and tells {@code answered} each one's outcome as
     * soon as it is final, before the next message goes: the caller records it at once, so that a
     * crash can lose the outcome of at most the message in flight. A message that went out is
     * never reported as failed. Stops sending when {@code answered} returns false; the messages
     * not tried are left out of the result.
     */
    List<Delivery> deliver(List<Notification> notifications, DeliveryListener answered);

    /** Delivers them all, telling nobody on the way. */
    default List<Delivery> deliver(List<Notification> notifications) {
        return deliver(notifications, (delivery) -> true);
    }

    /**
     * Sends one message that carries no password, such as the operator's run summary.
     *
     * @param message composes the message in the channel's mail session
     * @return why it was not sent, or empty if it was
     */
    Optional<String> send(Function<Session, MimeMessage> message);

    /**
     * Tries the route the way a run uses it, changing nothing: for SMTP connect, EHLO, STARTTLS
     * and AUTH as configured, then {@code MAIL FROM} the sender and {@code RSET}; for Graph the
     * sending mailbox; for the outbox the folder.
     *
     * @throws MailRouteException if the route does not work, saying whether it was refused (a
     * setting to fix) or did not answer (try again later)
     */
    void check();

    /** Where messages go, for the summary ("SMTP server mail.example.com:587"). */
    String describe();

    /** The folder that holds the messages as files, if this channel writes them there. */
    default Optional<Path> folder() {
        return Optional.empty();
    }

    /** Told each message's final outcome as soon as it is known. */
    @FunctionalInterface
    interface DeliveryListener {

        /** @return false to send nothing more of this batch */
        boolean answered(Delivery delivery);
    }
}
