package org.bulkresend.notify.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.Delivery.Outcome;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.Notification;
import org.bulkresend.notify.SendRate;

/**
 * {@code --rate}: paces messages with a token bucket (Bucket4j) that holds one second's worth of
 * messages and refills at the rate. A chunk goes out in as large parts as the bucket allows,
 * each part over one connection: at 30/min one message every two seconds, at 6000/min whole
 * chunks. Messages sent again after a failure take tokens too, so the provider never sees more
 * than the rate.
 */
public class RateLimitedMailChannel implements MailChannel {

    private final MailChannel delegate;

    private final SendRate rate;

    private final Bucket bucket;

    public RateLimitedMailChannel(MailChannel delegate, SendRate rate) {
        this.delegate = delegate;
        this.rate = rate;
        long burst = Math.max(1, rate.messages() * Duration.ofSeconds(1).toNanos() / rate.per().toNanos());
        this.bucket = Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(rate.messages(), rate.per()).build())
            .build();
        // Start with one token, not a full bucket: the first second is paced like every other.
        if (burst > 1) {
            this.bucket.tryConsume(burst - 1);
        }
    }

    @Override
    public List<Delivery> deliver(List<Notification> notifications, DeliveryListener answered) {
        List<Delivery> deliveries = new ArrayList<>(notifications.size());
        int next = 0;
        while (next < notifications.size()) {
            int granted;
            try {
                granted = (int) this.bucket.tryConsumeAsMuchAsPossible(notifications.size() - next);
                if (granted == 0) {
                    this.bucket.asBlocking().consume(1);
                    granted = 1;
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                for (Notification notification : notifications.subList(next, notifications.size())) {
                    Delivery delivery = new Delivery(notification, Outcome.FAILED, null,
                            "interrupted while waiting for the sending rate");
                    deliveries.add(delivery);
                    if (!answered.answered(delivery)) {
                        break;
                    }
                }
                return deliveries;
            }
            boolean[] stopped = { false };
            deliveries.addAll(this.delegate.deliver(notifications.subList(next, next + granted), (delivery) -> {
                stopped[0] = !answered.answered(delivery);
                return !stopped[0];
            }));
            if (stopped[0]) {
                return deliveries;
            }
            next += granted;
        }
        return deliveries;
    }

    @Override
    public Optional<String> send(Function<Session, MimeMessage> message) {
        try {
            this.bucket.asBlocking().consume(1);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while waiting for the sending rate");
        }
        return this.delegate.send(message);
    }

    @Override
    public Optional<java.nio.file.Path> folder() {
        return this.delegate.folder();
    }

    @Override
    public void check() {
        this.delegate.check();
    }

    @Override
    public String describe() {
        return this.delegate.describe() + ", at most " + this.rate;
    }
}
