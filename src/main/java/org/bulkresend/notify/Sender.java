package org.bulkresend.notify;

import java.util.Locale;
import java.util.Objects;

import org.bulkresend.address.EmailAddresses;

/**
 * One sending mailbox of a route: the address its messages come from and, when a sender pool file
 * gives them, its own rate and daily limit. Without its own, a sender sends within the run's
 * {@code --rate} and {@code --daily-limit}.
 *
 * @param from the sender as the messages show it ({@code Contoso IT <it@contoso.com>} or a bare address)
 * @param rate its own rate, or null for the run's
 * @param dailyLimit its own most messages in 24 hours, or 0 for the run's
 */
public record Sender(String from, SendRate rate, int dailyLimit) {

    public Sender {
        Objects.requireNonNull(from, "from");
        if (dailyLimit < 0) {
            throw new IllegalArgumentException("a daily limit is 0 (the run's) or more, was " + dailyLimit);
        }
    }

    /** A sender within the run's rate and daily limit. */
    public static Sender of(String from) {
        return new Sender(from, null, 0);
    }

    /**
     * The mailbox, as its quota is counted: the bare address in lower case, whatever display name
     * each instance gives it.
     */
    public String mailbox() {
        return address().toLowerCase(Locale.ROOT);
    }

    /** The bare address, as the envelope and Graph need it. */
    public String address() {
        return EmailAddresses.parseMailbox(this.from).map(EmailAddresses.Mailbox::address).orElse(this.from);
    }

    /** True if it has a rate or daily limit of its own. */
    public boolean hasOwnLimits() {
        return this.rate != null || this.dailyLimit > 0;
    }
}
