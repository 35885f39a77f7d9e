package org.bulkresend.notify.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.Delivery.Outcome;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.Notification;
import org.bulkresend.notify.SenderQuotas;
import org.bulkresend.notify.SenderQuotas.Quota;
import org.bulkresend.notify.SenderQuotas.Slot;

/**
 * Spreads messages over the route's sending mailboxes, each within its own rate and daily limit as
 * counted in the shared database ({@link SenderQuotas}); one mailbox is a pool of one. Every
 * message is given its mailbox and its time before the batch goes, then leaves no earlier than its
 * time; the messages that are due together go over one connection for each mailbox, each
 * mailbox's in their order, so the outcomes may come in another order than the messages were given
 * (callers match them by their notification).
 */
public class PooledMailChannel implements MailChannel {

    /** One sending mailbox: its quota and the channel that sends from it. */
    public record Member(Quota quota, MailChannel channel) {
    }

    private final Map<String, Member> members = new LinkedHashMap<>();

    private final List<Quota> pool;

    private final SenderQuotas quotas;

    private final String holder;

    private final Clock clock;

    /** How many messages the pool sends in a second: as many are given their times at once. */
    private final int perSecond;

    /** @param holder the run whose held room the messages use, or null */
    public PooledMailChannel(List<Member> members, SenderQuotas quotas, String holder, Clock clock) {
        members.forEach((member) -> this.members.put(member.quota().mailbox(), member));
        this.pool = members.stream().map(Member::quota).toList();
        this.quotas = quotas;
        this.holder = holder;
        this.clock = clock;
        long perSecond = 0;
        for (Quota quota : this.pool) {
            perSecond += (quota.rate() == null) ? Integer.MAX_VALUE
                    : Math.max(1, quota.rate().messages() * 1_000_000_000L / quota.rate().per().toNanos());
        }
        this.perSecond = (int) Math.min(Integer.MAX_VALUE, perSecond);
    }

    @Override
    public List<Delivery> deliver(List<Notification> notifications, DeliveryListener answered) {
        List<Slot> slots = new ArrayList<>(notifications.size());
        List<Delivery> deliveries = new ArrayList<>(notifications.size());
        int next = 0;
        while (next < notifications.size()) {
            if (next == slots.size()) {
                // About a second's worth at a time: a stall of this machine then delays the messages after it
                // instead of sending a whole chunk's overdue messages at once.
                slots.addAll(this.quotas.reserve(this.holder, this.pool,
                        Math.min(this.perSecond, notifications.size() - next)));
            }
            Slot first = slots.get(next);
            if (!waitFor(first.at())) {
                for (Notification notification : notifications.subList(next, notifications.size())) {
                    Delivery delivery = new Delivery(notification, Outcome.FAILED, null,
                            "interrupted while waiting for the sending rate", first.mailbox());
                    deliveries.add(delivery);
                    if (!answered.answered(delivery)) {
                        break;
                    }
                }
                return deliveries;
            }
            // Every message due by now (the times never go down, so they follow one another), a connection for each
            // mailbox: when this machine falls behind the pool's pace, messages of alternating mailboxes still share
            // connections. None leaves before its time; among those due, each mailbox's keep their order.
            Instant now = this.clock.instant();
            int end = next + 1;
            while (end < slots.size() && !slots.get(end).at().isAfter(now)) {
                end++;
            }
            Map<String, List<Notification>> due = new LinkedHashMap<>();
            for (int i = next; i < end; i++) {
                due.computeIfAbsent(slots.get(i).mailbox(), (mailbox) -> new ArrayList<>()).add(notifications.get(i));
            }
            for (Map.Entry<String, List<Notification>> group : due.entrySet()) {
                String mailbox = group.getKey();
                boolean[] stopped = { false };
                List<Delivery> sent = this.members.get(mailbox).channel().deliver(group.getValue(), (delivery) -> {
                    stopped[0] = !answered.answered(delivery.from(mailbox));
                    return !stopped[0];
                });
                sent.forEach((delivery) -> deliveries.add(delivery.from(mailbox)));
                if (stopped[0]) {
                    return deliveries;
                }
            }
            next = end;
        }
        return deliveries;
    }

    @Override
    public Optional<String> send(Function<Session, MimeMessage> message) {
        Slot slot = this.quotas.reserve(this.holder, this.pool, 1).get(0);
        if (!waitFor(slot.at())) {
            return Optional.of("interrupted while waiting for the sending rate");
        }
        return this.members.get(slot.mailbox()).channel().send(message);
    }

    /** Tries every mailbox of the pool: each must be accepted as a sender before anyone is reset. */
    @Override
    public void check() {
        this.members.values().forEach((member) -> member.channel().check());
    }

    @Override
    public Optional<Path> folder() {
        return this.members.values().iterator().next().channel().folder();
    }

    @Override
    public String describe() {
        String first = this.members.values().iterator().next().channel().describe();
        String rates = this.pool.stream().filter((quota) -> quota.rate() != null)
            .map((quota) -> quota.rate().toString()).distinct().collect(Collectors.joining(" or "));
        return first + ((this.members.size() > 1) ? " and " + (this.members.size() - 1) + " more mailboxes" : "")
                + (rates.isEmpty() ? "" : ", at most " + rates + ((this.members.size() > 1) ? " each" : ""));
    }

    /** @return false if interrupted */
    private boolean waitFor(Instant at) {
        Duration wait = Duration.between(this.clock.instant(), at);
        if (wait.isNegative() || wait.isZero()) {
            return true;
        }
        try {
            Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
