package org.bulkresend.notify.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.Delivery.Outcome;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.MailChannelUnavailableException;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.Notification;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Sends through an SMTP server, one connection for a whole batch. The sender reports which
 * messages failed; every other message of the batch was accepted and is reported so, which is
 * what keeps a partly failed batch from being sent twice.
 */
public class SmtpMailChannel implements MailChannel {

    private final JavaMailSenderImpl sender;

    private final MessageComposer composer;

    private final boolean senderGiven;

    public SmtpMailChannel(JavaMailSenderImpl sender, MessageComposer composer, boolean senderGiven) {
        this.sender = sender;
        this.composer = composer;
        this.senderGiven = senderGiven;
    }

    @Override
    public Optional<String> missingSetting() {
        return this.senderGiven ? Optional.empty()
                : Optional.of("A sender address is required when sending through an SMTP server: give --from ADDRESS "
                        + "(for example --from it-helpdesk@contoso.com). Nothing was changed.");
    }

    @Override
    public List<Delivery> deliver(List<Notification> notifications) {
        // Rendering the templates costs about as much as sending: it is done on every core, the sending in order.
        List<MimeMessage> messages = notifications.parallelStream()
            .map((notification) -> this.composer.compose(this.sender.getSession(), notification))
            .toList();
        Map<Object, Exception> failed = Map.of();
        try {
            this.sender.send(messages.toArray(MimeMessage[]::new));
        }
        catch (MailSendException ex) {
            failed = ex.getFailedMessages();
            if (failed.isEmpty()) {
                failed = allFailed(messages, ex);
            }
        }
        catch (MailAuthenticationException ex) {
            failed = allFailed(messages, new MessagingException("the SMTP server refused the credentials", ex));
        }
        catch (MailException ex) {
            failed = allFailed(messages, ex);
        }
        List<Delivery> deliveries = new ArrayList<>(notifications.size());
        for (int i = 0; i < notifications.size(); i++) {
            MimeMessage message = messages.get(i);
            Exception failure = failed.get(message);
            deliveries.add((failure == null) ? new Delivery(notifications.get(i), Outcome.ACCEPTED, messageId(message), null)
                    : classify(notifications.get(i), messageId(message), failure));
        }
        return deliveries;
    }

    private static Map<Object, Exception> allFailed(List<MimeMessage> messages, Exception cause) {
        Map<Object, Exception> failed = new java.util.IdentityHashMap<>();
        messages.forEach((message) -> failed.put(message, cause));
        return failed;
    }

    static Delivery classify(Notification notification, String messageId, Exception failure) {
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
        return "server replied: " + cause.getMessage().strip();
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (next(root) != null) {
            root = next(root);
        }
        return (root.getMessage() != null) ? root.getMessage().strip() : root.getClass().getSimpleName();
    }

    static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        }
        catch (MessagingException ex) {
            return null;
        }
    }

    @Override
    public Optional<String> send(Function<Session, MimeMessage> message) {
        try {
            this.sender.send(message.apply(this.sender.getSession()));
            return Optional.empty();
        }
        catch (MailException ex) {
            return Optional.of(describe(ex));
        }
    }

    @Override
    public void check() {
        try {
            this.sender.testConnection();
        }
        catch (MessagingException ex) {
            throw new MailChannelUnavailableException("The mail server " + address() + " does not answer: "
                    + describe(ex)
                    + ". Check --smtp-host/--smtp-port (or SPRING_MAIL_HOST/SPRING_MAIL_PORT) and try again; "
                    + "nobody was reset.", ex);
        }
    }

    @Override
    public String describe() {
        return "SMTP server " + address();
    }

    private String address() {
        return this.sender.getHost() + ":" + ((this.sender.getPort() > 0) ? this.sender.getPort() : 25);
    }
}
