package org.bulkresend.credential;

import java.time.Duration;
import java.time.Instant;

/**
 * The Temporary Access Pass a run asks the directory for, from {@code --tap-lifetime},
 * {@code --tap-once} and {@code --tap-start}. Each value left out is the policy's.
 *
 * @param lifetime how long each pass works, or null for the policy's default lifetime
 * @param usableOnce true to make each pass one-time; false leaves it to the policy (a policy that
 * makes every pass one-time wins)
 * @param startsAt when the passes start to work, or null for as soon as they are issued
 */
public record PassRequest(Duration lifetime, boolean usableOnce, Instant startsAt) {

    /** The policy's own pass: its default lifetime, one-time only if it says so, working at once. */
    public static final PassRequest POLICY_DEFAULTS = new PassRequest(null, false, null);

    /** The lifetime to ask for under this policy: the one requested, or the policy's default. */
    public Duration lifetimeUnder(TapPolicy policy) {
        return (this.lifetime != null) ? this.lifetime : policy.defaultLifetime();
    }

    /** Whether passes issued under this policy work once: if asked, or if the policy makes every pass so. */
    public boolean usableOnceUnder(TapPolicy policy) {
        return this.usableOnce || policy.usableOnce();
    }

    /** The terms a pass issued at {@code issuedAt} under this policy gets. */
    public PassTerms termsUnder(TapPolicy policy, Instant issuedAt) {
        Instant start = (this.startsAt != null && this.startsAt.isAfter(issuedAt)) ? this.startsAt : issuedAt;
        return PassTerms.of(start, lifetimeUnder(policy), usableOnceUnder(policy));
    }
}
