package org.bulkresend.notify.internal;

import java.util.List;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.Delivery.Outcome;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.Notification;

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
            Throwable root = ex;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return new Composed(notification, null, "the message could not be written from its template ("
                    + root.getClass().getSimpleName() + ": " + root.getMessage() + "); fix the template and tell "
                    + "this user with 'run --rerun' on a file of their row");
        }
    }

    /** The outcome of a message that could not be composed: refused for this user alone. */
    Delivery refused() {
        return new Delivery(this.notification, Outcome.REFUSED, null, this.failure);
    }
}
