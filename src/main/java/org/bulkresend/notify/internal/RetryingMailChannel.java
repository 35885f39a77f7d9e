package org.bulkresend.notify.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.Delivery.Outcome;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Sends again, after an exponentially growing pause with jitter, only the messages that did not
 * go out for a reason that may pass (a dropped connection, a timeout, a 4xx reply). A message
 * that was accepted is never sent again, and a recipient refused for good is not retried.
 * Bounded: after the last retry each message keeps its last outcome.
 */
public class RetryingMailChannel implements MailChannel {

    private static final Logger logger = LoggerFactory.getLogger(RetryingMailChannel.class);

    private final MailChannel delegate;

    private final RetryPolicy policy;

    /**
     * @param retries how many times to send again at most
     * @param delay the first pause; each next one is twice as long, up to {@code maxDelay}, give
     * or take half of {@code delay} at random so that many senders do not retry in step
     */
    public RetryingMailChannel(MailChannel delegate, int retries, Duration delay, Duration maxDelay) {
        this.delegate = delegate;
        this.policy = RetryPolicy.builder()
            .includes(NotAllDelivered.class)
            .maxRetries(retries)
            .delay(delay)
            .multiplier(2)
            .jitter(delay.dividedBy(2))
            .maxDelay(maxDelay)
            .build();
    }

    @Override
    public List<Delivery> deliver(List<Notification> notifications, DeliveryListener answered) {
        Map<Notification, Delivery> outcomes = new IdentityHashMap<>();
        List<List<Notification>> pending = new ArrayList<>(List.of(notifications));
        boolean[] stopped = { false };
        try {
            new RetryTemplate(this.policy).execute(() -> {
                List<Notification> again = new ArrayList<>();
                // Final outcomes go on at once; only those that may pass wait for the next try.
                this.delegate.deliver(pending.get(0), (delivery) -> {
                    outcomes.put(delivery.notification(), delivery);
                    if (delivery.outcome() == Outcome.DEFERRED || delivery.outcome() == Outcome.FAILED) {
                        again.add(delivery.notification());
                        return true;
                    }
                    stopped[0] = !answered.answered(delivery);
                    return !stopped[0];
                });
                pending.set(0, again);
                if (!again.isEmpty() && !stopped[0]) {
                    String detail = outcomes.get(again.get(0)).detail();
                    logger.warn("{} of {} messages not accepted yet ({}); trying again shortly", again.size(),
                            notifications.size(), detail);
                    throw new NotAllDelivered();
                }
                return null;
            });
        }
        catch (RetryException ex) {
            // Retries used up: every message keeps its last outcome. Anything else failed for real.
            if (!(ex.getCause() instanceof NotAllDelivered)) {
                if (ex.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new IllegalStateException(ex.getCause());
            }
        }
        if (!stopped[0]) {
            for (Notification left : pending.get(0)) {
                if (!answered.answered(outcomes.get(left))) {
                    break;
                }
            }
        }
        return notifications.stream().map(outcomes::get).filter(java.util.Objects::nonNull).toList();
    }

    @Override
    public Optional<java.nio.file.Path> folder() {
        return this.delegate.folder();
    }

    @Override
    public Optional<String> send(Function<Session, MimeMessage> message) {
        return this.delegate.send(message);
    }

    @Override
    public void check() {
        this.delegate.check();
    }

    @Override
    public String describe() {
        return this.delegate.describe();
    }

    private static final class NotAllDelivered extends RuntimeException {

        NotAllDelivered() {
            super("not all messages were accepted", null, false, false);
        }
    }
}
