package org.bulkresend.cli;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/** Durations as admins write them in options: {@code 72h}, {@code 3d}, {@code 15m}, {@code 30s} (or ISO {@code PT72H}). */
final class Durations {

    private Durations() {
    }

    static Duration parse(String option, String value, Duration min, Duration max) {
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(value.strip());
        }
        catch (IllegalArgumentException ex) {
            throw new UsageException(option + ": '" + value + "' is not a duration; write it as 72h, 3d, 15m or 30s.");
        }
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw new UsageException(option + " must be between " + format(min) + " and " + format(max) + ", was "
                    + value.strip() + ".");
        }
        return duration;
    }

    /** The shortest way an admin would write it: 3d, 36h, 90m, 45s. */
    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0) {
            return (seconds / 86_400) + "d";
        }
        if (seconds % 3_600 == 0) {
            return (seconds / 3_600) + "h";
        }
        if (seconds % 60 == 0) {
            return (seconds / 60) + "m";
        }
        return seconds + "s";
    }
}
