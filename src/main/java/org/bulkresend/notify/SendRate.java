package org.bulkresend.notify;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast messages may go out, as {@code --rate} writes it: {@code 30/min}, {@code 2000/h},
 * {@code 5/s}, or a bare number per minute.
 *
 * @param messages how many messages
 * @param per in how long
 */
public record SendRate(long messages, Duration per) {

    private static final Pattern RATE = Pattern.compile(
            "(\\d{1,9})\\s*(?:/\\s*(s|sec|second|m|min|minute|h|hr|hour|d|day))?");

    public SendRate {
        if (messages < 1) {
            throw new IllegalArgumentException("the rate must be at least 1 message, was " + messages);
        }
    }

    /** Reads a rate, or throws {@link IllegalArgumentException} saying how to write one. */
    public static SendRate parse(String text) {
        Matcher matcher = RATE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: write it as 30/min, 2000/h or 5/s");
        }
        String unit = (matcher.group(2) != null) ? matcher.group(2) : "min";
        Duration per = switch (unit.charAt(0)) {
            case 's' -> Duration.ofSeconds(1);
            case 'h' -> Duration.ofHours(1);
            case 'd' -> Duration.ofDays(1);
            default -> Duration.ofMinutes(1);
        };
        return new SendRate(Long.parseLong(matcher.group(1)), per);
    }

    /** The time one message takes at this rate. */
    public Duration interval() {
        return this.per.dividedBy(this.messages);
    }

    @Override
    public String toString() {
        String unit = this.per.equals(Duration.ofSeconds(1)) ? "s" : this.per.equals(Duration.ofHours(1)) ? "h"
                : this.per.equals(Duration.ofDays(1)) ? "day" : "min";
        return this.messages + "/" + unit;
    }
}
