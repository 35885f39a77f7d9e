package org.bulkresend.notify.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.Delivery.Outcome;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.Notification;

/**
 * Composes every message as it would go out and keeps none: what a run's plan and {@code check
 * --input} count with. A message the templates cannot write for one user's own values is refused,
 * as the real channels refuse it; every other one counts as accepted.
 */
public class ComposingMailChannel implements MailChannel {

    private final MessageComposer composer;

    private final Session session = Session.getInstance(new Properties());

    public ComposingMailChannel(MessageComposer composer) {
        this.composer = composer;
    }

    @Override
    public List<Delivery> deliver(List<Notification> notifications, DeliveryListener answered) {
        List<Delivery> deliveries = new ArrayList<>(notifications.size());
        for (Composed composed : Composed.all(this.composer, this.session, notifications)) {
            Delivery delivery = (composed.message() != null)
                    ? new Delivery(composed.notification(), Outcome.ACCEPTED, null, null) : composed.refused();
            deliveries.add(delivery);
            if (!answered.answered(delivery)) {
                break;
            }
        }
        return deliveries;
    }

    @Override
    public Optional<String> send(Function<Session, MimeMessage> message) {
        return Optional.empty();
    }

    @Override
    public void check() {
        // sends nothing, so nothing to try
    }

    @Override
    public String describe() {
        return "nowhere (messages composed, not sent)";
    }
}
