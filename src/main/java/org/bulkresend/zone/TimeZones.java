package org.bulkresend.zone;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads a time zone as a person or a directory writes it. An IANA name is matched whatever its
 * case ({@code europe/rome}); a Windows name ({@code W. Europe Standard Time}, as Outlook, Exchange
 * and Microsoft Graph's {@code mailboxSettings} give it) becomes the IANA zone the Unicode CLDR
 * maps it to for the world at large; {@code UTC} and offsets such as {@code +01:00} are zones too.
 */
public final class TimeZones {

    /** The Windows names, from the Unicode CLDR's windowsZones table (territory 001), to IANA names. */
    static final String WINDOWS_ZONES = "windows-zones.properties";

    /** How a message asks for a zone it does not know. */
    public static final String EXAMPLES = "an IANA name such as Europe/Rome or America/New_York, or a Windows name "
            + "such as W. Europe Standard Time";

    private static final Map<String, ZoneId> BY_LOWER_CASE_NAME = names();

    private TimeZones() {
    }

    /** The zone the text names, or empty if it names none. */
    public static Optional<ZoneId> parse(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String text = name.strip();
        ZoneId known = BY_LOWER_CASE_NAME.get(text.toLowerCase(Locale.ROOT));
        if (known != null) {
            return Optional.of(known);
        }
        try {
            // Offsets and prefixed offsets: +01:00, UTC+1, GMT-05:00.
            return Optional.of(ZoneId.of(text.toUpperCase(Locale.ROOT)).normalized());
        }
        catch (DateTimeException ex) {
            return Optional.empty();
        }
    }

    /**
     * The zone a user's message is written in: the row's, else the directory's, else none (the
     * run's, {@code --time-zone}). A directory value that names no zone is passed over with a note.
     *
     * @param rowZone the zone the row gave, already checked, or null
     * @param directoryZone the user's zone as the directory holds it, or null
     */
    public static Choice choose(ZoneId rowZone, String directoryZone) {
        if (rowZone != null) {
            return new Choice(rowZone, null);
        }
        if (directoryZone == null || directoryZone.isBlank()) {
            return new Choice(null, null);
        }
        return parse(directoryZone).map((zone) -> new Choice(zone, null))
            .orElseGet(() -> new Choice(null, "times written in the run's time zone: the directory's time zone '"
                    + directoryZone.strip().replaceAll("\\p{Cntrl}", "?") + "' is not one bulk-resend knows"));
    }

    /**
     * The time zone of a user's message.
     *
     * @param zone the zone, or null for the run's
     * @param note why it is not the zone the directory gives, for the report, or null
     */
    public record Choice(ZoneId zone, String note) {
    }

    private static Map<String, ZoneId> names() {
        Map<String, ZoneId> names = new TreeMap<>();
        for (String id : ZoneId.getAvailableZoneIds()) {
            names.put(id.toLowerCase(Locale.ROOT), ZoneId.of(id));
        }
        windowsNames().forEach((windows, iana) -> names.putIfAbsent(windows.toLowerCase(Locale.ROOT), ZoneId.of(iana)));
        return Map.copyOf(names);
    }

    /** The Windows names and the IANA name each stands for. */
    static Map<String, String> windowsNames() {
        Properties table = new Properties();
        try (InputStream in = TimeZones.class.getResourceAsStream(WINDOWS_ZONES)) {
            if (in == null) {
                throw new IllegalStateException(WINDOWS_ZONES + " is missing from the application");
            }
            table.load(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Map<String, String> names = new TreeMap<>();
        table.forEach((windows, iana) -> names.put((String) windows, (String) iana));
        return names;
    }
}
