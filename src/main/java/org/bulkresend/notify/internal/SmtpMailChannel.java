package org.bulkresend.notify.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.Delivery.Outcome;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.MailRouteException;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.Notification;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Sends through an SMTP server, one connection for a batch, one message at a time, and reports
 * each message's outcome as soon as the server has answered for it. A reply that is about the
 * route (the sender refused, authentication, the connection) ends the batch: every later message
 * would meet the same answer.
 */
public class SmtpMailChannel implements MailChannel {

    private final JavaMailSenderImpl sender;

    private final MessageComposer composer;

    private final String envelopeFrom;

    /** @param envelopeFrom the sender's bare address, as given to {@code MAIL FROM} */
    public SmtpMailChannel(JavaMailSenderImpl sender, MessageComposer composer, String envelopeFrom) {
        this.sender = sender;
        this.composer = composer;
        this.envelopeFrom = envelopeFrom;
    }

    @Override
    public List<Delivery> deliver(List<Notification> notifications, DeliveryListener answered) {
        List<Composed> messages = Composed.all(this.composer, this.sender.getSession(), notifications);
        List<Delivery> deliveries = new ArrayList<>(notifications.size());
        Transport transport = null;
        try {
            Delivery down = null;
            for (int i = 0; i < notifications.size(); i++) {
                Notification notification = notifications.get(i);
                MimeMessage message = messages.get(i).message();
                Delivery delivery;
                if (down != null) {
                    delivery = new Delivery(notification, down.outcome(), messageId(message), down.detail());
                }
                else if (message == null) {
                    delivery = messages.get(i).refused();
                }
                else {
                    if (transport == null) {
                        try {
                            transport = connect();
                        }
                        catch (MessagingException ex) {
                            down = connectionFailure(notification, messageId(message), ex);
                        }
                    }
                    delivery = (down != null) ? down : sendOne(transport, notification, message);
                    if (delivery.outcome().isRouteFailure()) {
                        down = delivery;
                    }
                }
                deliveries.add(delivery);
                if (!answered.answered(delivery)) {
                    break;
                }
            }
        }
        finally {
            close(transport);
        }
        return deliveries;
    }

    private Delivery sendOne(Transport transport, Notification notification, MimeMessage message) {
        String messageId = messageId(message);
        try {
            message.saveChanges();
            transport.sendMessage(message, message.getAllRecipients());
            return new Delivery(notification, Outcome.ACCEPTED, messageId, null);
        }
        catch (MessagingException ex) {
            return classify(notification, messageId, ex);
        }
    }

    private Transport connect() throws MessagingException {
        Transport transport = this.sender.getSession().getTransport(this.sender.getProtocol());
        transport.connect(this.sender.getHost(), this.sender.getPort(), this.sender.getUsername(),
                this.sender.getPassword());
        return transport;
    }

    private Delivery connectionFailure(Notification notification, String messageId, MessagingException ex) {
        if (ex instanceof AuthenticationFailedException) {
            return new Delivery(notification, Outcome.ROUTE_REFUSED, messageId,
                    "the SMTP server " + address() + " refused the credentials: " + describe(ex));
        }
        return new Delivery(notification, Outcome.FAILED, messageId,
                "the SMTP server " + address() + " could not be reached: " + describe(ex));
    }

    /**
     * What a failure means for this message. A reply to {@code MAIL FROM} is about the sender,
     * never the recipient: it is a refusal of the route, whatever its code. No reply at all (the
     * server closed the connection) is a failure of the connection, whatever the command: the
     * message did not go, and sending it again may work.
     */
    static Delivery classify(Notification notification, String messageId, Exception failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if ((cause instanceof SMTPSenderFailedException sender && sender.getReturnCode() < 0)
                    || (cause instanceof SMTPSendFailedException send && send.getReturnCode() < 0)) {
                return new Delivery(notification, Outcome.FAILED, messageId,
                        "the server closed the connection without answering: " + reply(cause));
            }
            if (cause instanceof SMTPSenderFailedException sender) {
                return new Delivery(notification, Outcome.ROUTE_REFUSED, messageId,
                        "the server refused the sender (" + sender.getCommand() + "): " + reply(cause));
            }
            if (cause instanceof SMTPSendFailedException send && send.getCommand() != null
                    && send.getCommand().regionMatches(true, 0, "MAIL FROM", 0, 9)) {
                return new Delivery(notification, Outcome.ROUTE_REFUSED, messageId,
                        "the server refused the sender (" + send.getCommand() + "): " + reply(cause));
            }
            if (cause instanceof SMTPSendFailedException send && (send.getReturnCode() == 530
                    || send.getReturnCode() == 535)) {
                return new Delivery(notification, Outcome.ROUTE_REFUSED, messageId,
                        "the server wants authentication that was not given or was refused: " + reply(cause));
            }
        }
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            int code = -1;
            if (cause instanceof SMTPAddressFailedException address) {
                code = address.getReturnCode();
            }
            else if (cause instanceof SMTPSendFailedException send) {
                code = send.getReturnCode();
            }
            if (code >= 500) {
                return new Delivery(notification, Outcome.REFUSED, messageId, reply(cause));
            }
            if (code >= 400) {
                return new Delivery(notification, Outcome.DEFERRED, messageId, reply(cause));
            }
        }
        return new Delivery(notification, Outcome.FAILED, messageId, describe(failure));
    }

    private static Throwable next(Throwable cause) {
        if (cause instanceof MessagingException messaging && messaging.getNextException() != null
                && messaging.getNextException() != cause) {
            return messaging.getNextException();
        }
        return (cause.getCause() != cause) ? cause.getCause() : null;
    }

    private static String reply(Throwable cause) {
        return "server replied: " + String.valueOf(cause.getMessage()).strip();
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (next(root) != null) {
            root = next(root);
        }
        return (root.getMessage() != null) ? root.getMessage().strip() : root.getClass().getSimpleName();
    }

    static String messageId(MimeMessage message) {
        if (message == null) {
            return null;
        }
        try {
            return message.getMessageID();
        }
        catch (MessagingException ex) {
            return null;
        }
    }

    @Override
    public Optional<String> send(Function<Session, MimeMessage> message) {
        Transport transport = null;
        try {
            MimeMessage composed = message.apply(this.sender.getSession());
            composed.saveChanges();
            transport = connect();
            transport.sendMessage(composed, composed.getAllRecipients());
            return Optional.empty();
        }
        catch (MessagingException ex) {
            return Optional.of(describe(ex));
        }
        finally {
            close(transport);
        }
    }

    /**
     * Connects (EHLO, STARTTLS and AUTH as configured), offers the sender as a run will, and takes
     * it back with {@code RSET}: a server that refuses the sender says so before anyone is reset.
     */
    @Override
    public void check() {
        Transport transport;
        try {
            transport = connect();
        }
        catch (AuthenticationFailedException ex) {
            throw new MailRouteException("The mail server " + address() + " refused the credentials: " + describe(ex)
                    + ". Check SPRING_MAIL_USERNAME and SPRING_MAIL_PASSWORD.", true, ex);
        }
        catch (MessagingException ex) {
            throw new MailRouteException("The mail server " + address() + " does not answer: " + describe(ex)
                    + ". Check --smtp-host/--smtp-port (or SPRING_MAIL_HOST/SPRING_MAIL_PORT) and try again.", false,
                    ex);
        }
        try {
            if (transport instanceof SMTPTransport smtp) {
                int code = smtp.simpleCommand("MAIL FROM:<" + this.envelopeFrom + ">");
                String reply = String.valueOf(smtp.getLastServerResponse()).strip();
                if (code == 530 || code == 535) {
                    throw new MailRouteException("The mail server " + address() + " wants authentication before it "
                            + "takes mail (" + reply + "). Set SPRING_MAIL_USERNAME and SPRING_MAIL_PASSWORD.", true,
                            null);
                }
                if (code != 250) {
                    throw new MailRouteException("The mail server " + address() + " refused the sender "
                            + this.envelopeFrom + " (" + reply + "). Give a --from address this server may send "
                            + "as.", code >= 500, null);
                }
                smtp.simpleCommand("RSET");
            }
        }
        catch (MessagingException ex) {
            throw new MailRouteException("The mail server " + address() + " stopped answering while the sender was "
                    + "tried: " + describe(ex) + ".", false, ex);
        }
        finally {
            close(transport);
        }
    }

    private static void close(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            }
            catch (MessagingException ex) {
                // the connection is gone either way
            }
        }
    }

    @Override
    public String describe() {
        return "SMTP server " + address() + ", from " + this.envelopeFrom;
    }

    private String address() {
        return this.sender.getHost() + ":" + ((this.sender.getPort() > 0) ? this.sender.getPort() : 25);
    }
}
