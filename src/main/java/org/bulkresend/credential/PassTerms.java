package org.bulkresend.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a Temporary Access Pass works, as the directory issued it: from {@code startsAt} until
 * {@code endsAt}, and whether one sign-in uses it up. The messages state these terms and the
 * ledger records the end as the credential's expiry.
 *
 * @param startsAt when the pass starts to work
 * @param endsAt when it stops working
 * @param usableOnce true if the first sign-in with it uses it up
 */
public record PassTerms(Instant startsAt, Instant endsAt, boolean usableOnce) {

    public PassTerms {
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("a pass must end after it starts");
        }
    }

    /** Terms of a pass that starts at {@code startsAt} and lasts {@code lifetime}. */
    public static PassTerms of(Instant startsAt, Duration lifetime, boolean usableOnce) {
        return new PassTerms(startsAt, startsAt.plus(lifetime), usableOnce);
    }

    /** True if the pass works at {@code now}, its one use aside. */
    public boolean worksAt(Instant now) {
        return !now.isBefore(this.startsAt) && now.isBefore(this.endsAt);
    }
}
