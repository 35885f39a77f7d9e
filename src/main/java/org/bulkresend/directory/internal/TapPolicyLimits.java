package org.bulkresend.directory.internal;

import java.time.Duration;
import java.util.Optional;

import org.bulkresend.credential.TapPolicy;

/**
 * What a Temporary Access Pass policy may say, as Microsoft Entra ID allows it: lifetimes from 10
 * minutes to 30 days in whole minutes, the default lifetime between the minimum and the maximum,
 * passes of 8 to 48 characters. The embedded directory keeps its demo policy within the same
 * limits, so that a run tried against it asks for nothing Entra ID would refuse.
 */
public final class TapPolicyLimits {

    /** The shortest lifetime Entra ID lets a policy allow. */
    public static final Duration SHORTEST = Duration.ofMinutes(10);

    /** The longest. */
    public static final Duration LONGEST = Duration.ofDays(30);

    /** The fewest characters a pass may have. */
    public static final int MIN_LENGTH = 8;

    /** The most. */
    public static final int MAX_LENGTH = 48;

    private TapPolicyLimits() {
    }

    /** Why a policy cannot be kept, as one sentence, or empty if it can. */
    public static Optional<String> problem(TapPolicy policy) {
        Optional<String> lifetime = lifetimeProblem("minimum lifetime", policy.minimumLifetime())
            .or(() -> lifetimeProblem("maximum lifetime", policy.maximumLifetime()))
            .or(() -> lifetimeProblem("default lifetime", policy.defaultLifetime()));
        if (lifetime.isPresent()) {
            return lifetime;
        }
        if (policy.minimumLifetime().compareTo(policy.maximumLifetime()) > 0) {
            return Optional.of("The minimum lifetime (" + TapPolicy.describe(policy.minimumLifetime())
                    + ") must not be longer than the maximum (" + TapPolicy.describe(policy.maximumLifetime()) + ").");
        }
        if (policy.defaultLifetime().compareTo(policy.minimumLifetime()) < 0
                || policy.defaultLifetime().compareTo(policy.maximumLifetime()) > 0) {
            return Optional.of("The default lifetime (" + TapPolicy.describe(policy.defaultLifetime())
                    + ") must be between the minimum (" + TapPolicy.describe(policy.minimumLifetime())
                    + ") and the maximum (" + TapPolicy.describe(policy.maximumLifetime()) + ").");
        }
        if (policy.length() < MIN_LENGTH || policy.length() > MAX_LENGTH) {
            return Optional.of("A pass must have " + MIN_LENGTH + " to " + MAX_LENGTH + " characters, not "
                    + policy.length() + ".");
        }
        return Optional.empty();
    }

    private static Optional<String> lifetimeProblem(String which, Duration lifetime) {
        if (lifetime.compareTo(SHORTEST) < 0 || lifetime.compareTo(LONGEST) > 0) {
            return Optional.of("The " + which + " must be from " + TapPolicy.describe(SHORTEST) + " to "
                    + TapPolicy.describe(LONGEST) + ", not " + describe(lifetime) + ".");
        }
        if (lifetime.toSecondsPart() != 0 || lifetime.toNanosPart() != 0) {
            return Optional.of("The " + which + " must be whole minutes, as Entra ID keeps it, not "
                    + describe(lifetime) + ".");
        }
        return Optional.empty();
    }

    /** A lifetime as the policy writes it, or in seconds where it is not whole minutes. */
    private static String describe(Duration lifetime) {
        return (lifetime.toSeconds() % 60 == 0 && lifetime.toNanosPart() == 0) ? TapPolicy.describe(lifetime)
                : lifetime.toSeconds() + " seconds";
    }
}
