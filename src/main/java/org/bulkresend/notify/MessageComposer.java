package org.bulkresend.notify;

import java.time.Clock;
import java.util.Date;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Writes the message a user receives. It names the account, sets the password apart on its
 * own line, says where to sign in, that a new password must be chosen at once, whom to ask,
 * and that it replaces any earlier message, because a restart may send a second one.
 */
public class MessageComposer {

    private final MessageSettings settings;

    private final Clock clock;

    public MessageComposer(MessageSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public MessageSettings settings() {
        return this.settings;
    }

    public MimeMessage compose(Session session, Notification notification) {
        try {
            MimeMessage message = new IdentifiedMimeMessage(session, newMessageId());
            MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setFrom(new InternetAddress(this.settings.from(), true));
            helper.setTo(new InternetAddress(notification.recipient(), true));
            helper.setSubject("Your temporary password for " + oneLine(notification.userPrincipalName()));
            helper.setSentDate(Date.from(this.clock.instant()));
            helper.setText(body(notification), false);
            message.setHeader("Content-Language", "en");
            message.saveChanges();
            return message;
        }
        catch (MessagingException ex) {
            throw new IllegalStateException("could not compose the message for line " + notification.line() + ": "
                    + ex.getMessage(), ex);
        }
    }

    private String body(Notification notification) {
        String name = (notification.displayName() != null && !notification.displayName().isBlank())
                ? oneLine(notification.displayName()) : oneLine(notification.userPrincipalName());
        return """
                Hello %s,

                Your administrator has reset the password of your account %s, because the welcome \
                message with your first password may not have reached you.

                Your temporary password:

                    %s

                Sign in at %s with your account name and this password. You will be asked to choose \
                a new password straight away; the temporary password works only until you do.

                This message replaces any earlier message about your password. If you received one \
                before, use the password in this message.

                If you did not expect this message, or need help, contact %s.
                """.formatted(name, oneLine(notification.userPrincipalName()), notification.password().reveal(),
                this.settings.signInUrl(), this.settings.helpdesk());
    }

    private String newMessageId() {
        return "<" + UUID.randomUUID() + "." + this.clock.millis() + "@" + this.settings.fromDomain() + ">";
    }

    /** Text from the directory or the input file goes on one line: no header or paragraph injection. */
    static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t\\u0085\\u2028\\u2029]+", " ").strip();
    }

    /** Keeps the Message-ID chosen here, which the ledger records, through saveChanges(). */
    private static final class IdentifiedMimeMessage extends MimeMessage {

        private final String messageId;

        IdentifiedMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", this.messageId);
        }
    }
}
