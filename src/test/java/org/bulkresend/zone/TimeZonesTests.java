package org.bulkresend.zone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

import com.ibm.icu.util.TimeZone;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time zones as admins, spreadsheets and directories write them, and the table of Windows names,
 * which must be the Unicode CLDR's as ICU has it. To write the table again after a CLDR update:
 * {@code ./mvnw -B -q test -Dtest=TimeZonesTests -Dbulk-resend.zones.write=true}.
 */
class TimeZonesTests {

    static final Path TABLE = Path.of("src/main/resources/org/bulkresend/zone", TimeZones.WINDOWS_ZONES);

    @Test
    void ianaNamesAreReadWhateverTheirCase() {
        assertThat(TimeZones.parse("Europe/Rome")).contains(ZoneId.of("Europe/Rome"));
        assertThat(TimeZones.parse("  europe/rome ")).contains(ZoneId.of("Europe/Rome"));
        assertThat(TimeZones.parse("AMERICA/NEW_YORK")).contains(ZoneId.of("America/New_York"));
    }

    @Test
    void windowsNamesBecomeTheZoneTheCldrMapsThemTo() {
        assertThat(TimeZones.parse("W. Europe Standard Time")).contains(ZoneId.of("Europe/Berlin"));
        assertThat(TimeZones.parse("Tokyo Standard Time")).contains(ZoneId.of("Asia/Tokyo"));
        assertThat(TimeZones.parse("pacific standard time")).contains(ZoneId.of("America/Los_Angeles"));
        assertThat(TimeZones.parse("Taipei Standard Time")).contains(ZoneId.of("Asia/Taipei"));
    }

    @Test
    void utcAndOffsetsAreZones() {
        assertThat(TimeZones.parse("UTC")).contains(ZoneId.of("UTC"));
        assertThat(TimeZones.parse("+01:00")).contains(ZoneOffset.ofHours(1));
        assertThat(TimeZones.parse("utc+1")).contains(ZoneOffset.ofHours(1));
    }

    @Test
    void textThatNamesNoZoneIsNone() {
        assertThat(TimeZones.parse("Europe/Rom")).isEmpty();
        assertThat(TimeZones.parse("CET Standard")).isEmpty();
        assertThat(TimeZones.parse("")).isEmpty();
        assertThat(TimeZones.parse(null)).isEmpty();
    }

    @Test
    void theRowsZoneComesFirstThenTheDirectorysThenTheRuns() {
        assertThat(TimeZones.choose(ZoneId.of("Asia/Tokyo"), "Europe/Rome"))
            .isEqualTo(new TimeZones.Choice(ZoneId.of("Asia/Tokyo"), null));
        assertThat(TimeZones.choose(null, "Romance Standard Time"))
            .isEqualTo(new TimeZones.Choice(ZoneId.of("Europe/Paris"), null));
        assertThat(TimeZones.choose(null, " ")).isEqualTo(new TimeZones.Choice(null, null));
    }

    @Test
    void aDirectoryZoneThatNamesNoZoneLeavesTheRunsWithANote() {
        TimeZones.Choice choice = TimeZones.choose(null, "Customized Time Zone");
        assertThat(choice.zone()).isNull();
        assertThat(choice.note()).isEqualTo("times written in the run's time zone: the directory's time zone "
                + "'Customized Time Zone' is not one bulk-resend knows");
    }

    @Test
    void theWindowsNamesAreTheCldrsAndEveryOneIsAZoneHere() throws IOException {
        Map<String, String> cldr = cldr();
        if (Boolean.getBoolean("bulk-resend.zones.write")) {
            write(cldr);
        }
        assertThat(TimeZones.windowsNames())
            .as("the table %s; write it again with -Dbulk-resend.zones.write=true", TABLE)
            .isEqualTo(cldr);
        assertThat(cldr).hasSizeGreaterThan(130);
        // "UTC" is both a Windows name and a zone here: either way, the same zone.
        cldr.forEach((windows, iana) -> assertThat(TimeZones.parse(windows).map(ZoneId::normalized)).as(windows)
            .contains(ZoneId.of(iana).normalized()));
    }

    /** Each Windows name ICU knows, and the zone the CLDR gives it for territory 001. */
    private static Map<String, String> cldr() {
        Map<String, String> names = new TreeMap<>();
        for (String id : TimeZone.getAvailableIDs(TimeZone.SystemTimeZoneType.CANONICAL, null, null)) {
            String windows = TimeZone.getWindowsID(id);
            if (windows != null) {
                names.computeIfAbsent(windows, (name) -> TimeZone.getIDForWindowsID(name, null));
            }
        }
        return names;
    }

    private static void write(Map<String, String> table) throws IOException {
        StringBuilder text = new StringBuilder("""
                # Windows time zone names and the IANA zone each stands for, from the Unicode CLDR's
                # windowsZones table (territory 001), as ICU %s has it. Written by TimeZonesTests with
                # -Dbulk-resend.zones.write=true; do not edit by hand.
                """.formatted(com.ibm.icu.util.VersionInfo.ICU_VERSION));
        table.forEach((windows, iana) -> text.append(windows.replace(" ", "\\ ")).append('=').append(iana).append('\n'));
        Files.writeString(TABLE, text, StandardCharsets.ISO_8859_1);
    }
}
