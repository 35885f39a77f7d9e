package org.bulkresend.directory.internal;

import java.time.Instant;
import java.util.Objects;

import org.bulkresend.credential.PassTerms;

/**
 * A user's Temporary Access Pass as the embedded directory holds it: its terms and its first use,
 * never the pass, which the directory keeps only as a hash. What {@code directory list} and
 * {@code directory sign-in} show.
 *
 * @param terms when it works, and whether one sign-in uses it up
 * @param usedAt the first sign-in with it, or null if nobody has signed in with it yet
 */
public record TemporaryAccessPass(PassTerms terms, Instant usedAt) {

    public TemporaryAccessPass {
        Objects.requireNonNull(terms, "terms");
    }

    /** True if it was one-time and has been signed in with: it works no more. */
    public boolean usedUp() {
        return this.terms.usableOnce() && this.usedAt != null;
    }

    /** True if a sign-in with it at {@code now} succeeds. */
    public boolean worksAt(Instant now) {
        return !usedUp() && this.terms.worksAt(now);
    }
}
