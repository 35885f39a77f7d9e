package org.bulkresend.credential;

import java.time.Duration;
import java.util.Optional;

/**
 * A directory's Temporary Access Pass policy, as Microsoft Entra ID's
 * {@code temporaryAccessPassAuthenticationMethodConfiguration} holds it (the embedded directory
 * keeps one of the same shape). A run reads it before anything changes: a disabled policy, or a
 * lifetime outside its bounds, stops the run there.
 *
 * @param enabled whether passes may be issued at all ({@code state})
 * @param minimumLifetime the shortest lifetime a pass may have
 * @param maximumLifetime the longest
 * @param defaultLifetime the lifetime of a pass issued without one
 * @param usableOnce true if every pass is one-time
 * @param length how many characters each pass has
 */
public record TapPolicy(boolean enabled, Duration minimumLifetime, Duration maximumLifetime,
        Duration defaultLifetime, boolean usableOnce, int length) {

    /** Microsoft Entra ID's defaults: 1 hour by default, within 1 to 8 hours, reusable, 8 characters. */
    public static final TapPolicy ENTRA_DEFAULTS = new TapPolicy(true, Duration.ofHours(1), Duration.ofHours(8),
            Duration.ofHours(1), false, 8);

    /**
     * Why this lifetime cannot be asked for under this policy, as the end of a sentence naming the
     * bounds, or empty if it can.
     */
    public Optional<String> lifetimeProblem(Duration lifetime) {
        if (lifetime == null || (lifetime.compareTo(this.minimumLifetime) >= 0
                && lifetime.compareTo(this.maximumLifetime) <= 0)) {
            return Optional.empty();
        }
        return Optional.of("the Temporary Access Pass policy allows lifetimes from " + describe(this.minimumLifetime)
                + " to " + describe(this.maximumLifetime) + ", and " + describe(lifetime) + " is "
                + ((lifetime.compareTo(this.minimumLifetime) < 0) ? "shorter" : "longer"));
    }

    /** The policy in one line, for the run's printout. */
    public String describe() {
        return (this.enabled ? "enabled" : "disabled") + "; lifetime " + describe(this.minimumLifetime) + " to "
                + describe(this.maximumLifetime) + ", default " + describe(this.defaultLifetime) + "; "
                + (this.usableOnce ? "every pass is one-time" : "passes may be used more than once") + "; "
                + this.length + " characters";
    }

    /** "1 hour", "90 minutes", "8 hours", "30 days": a lifetime as the policy's bounds are written. */
    public static String describe(Duration lifetime) {
        long minutes = lifetime.toMinutes();
        if (minutes % (24 * 60) == 0 && minutes >= 24 * 60) {
            long days = minutes / (24 * 60);
            return days + ((days == 1) ? " day" : " days");
        }
        if (minutes % 60 == 0 && minutes >= 60) {
            long hours = minutes / 60;
            return hours + ((hours == 1) ? " hour" : " hours");
        }
        return minutes + ((minutes == 1) ? " minute" : " minutes");
    }
}
