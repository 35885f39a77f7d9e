package org.bulkresend.notify.internal;

import java.util.List;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.Delivery.Outcome;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.Notification;
import org.thymeleaf.exceptions.TemplateProcessingException;

/**
 * One user's message, composed before the sending starts, or why it could not be: a template
 * that renders for the check's sample values can still fail for one user's own (a display name
 * shorter than the template expects). That user's message is refused on its own, with the reason;
 * the others go, and the user is not reset again by every rerun.
 */
record Composed(Notification notification, MimeMessage message, String failure) {

    /** Every message, composed on every core: rendering costs about as much as sending. */
    static List<Composed> all(MessageComposer composer, Session session, List<Notification> notifications) {
        return notifications.parallelStream().map((notification) -> of(composer, session, notification)).toList();
    }

    static Composed of(MessageComposer composer, Session session, Notification notification) {
        try {
            return new Composed(notification, composer.compose(session, notification), null);
        }
        catch (RuntimeException ex) {
            return new Composed(notification, null, "the message could not be written from its template ("
                    + describe(ex, notification) + "); fix the template and tell this user with 'run --rerun' on a "
                    + "file of their row");
        }
    }

    /**
     * The failure in words for the report: the root exception's type and the template engine's own
     * message, which names the template, line and expression. Other messages are left out, since they
     * may quote a value (a number format error quotes its input); the password is masked regardless.
     */
    private static String describe(RuntimeException failure, Notification notification) {
        Throwable root = failure;
        String template = null;
        for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
            if (template == null && cause instanceof TemplateProcessingException) {
                template = cause.getMessage();
            }
            root = cause;
        }
        String text = root.getClass().getSimpleName() + ((template != null) ? ": " + template : "");
        String password = notification.password().reveal();
        return password.isEmpty() ? text : text.replace(password, "[the password]");
    }

    /** The outcome of a message that could not be composed: refused for this user alone. */
    Delivery refused() {
        return new Delivery(this.notification, Outcome.REFUSED, null, this.failure);
    }
}
