package org.bulkresend.cli;

import java.time.OffsetDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@code --tap-start} as admins write it: with its offset, or a local time in {@code --time-zone}. */
class TapStartTests {

    @Test
    void aTimeWithItsOffsetIsThatInstant() {
        assertThat(JobOptions.startTime("2027-09-01T08:00+02:00", ZoneId.of("Asia/Tokyo")))
            .isEqualTo(OffsetDateTime.parse("2027-09-01T08:00+02:00"));
    }

    @Test
    void aLocalTimeIsReadInTheRunsTimeZoneWithItsSummerOrWinterOffset() {
        assertThat(JobOptions.startTime(" 2027-09-01T08:00 ", ZoneId.of("Europe/Rome")).toInstant())
            .isEqualTo(OffsetDateTime.parse("2027-09-01T06:00Z").toInstant());
        assertThat(JobOptions.startTime("2027-01-11T08:00", ZoneId.of("Europe/Rome")).toInstant())
            .isEqualTo(OffsetDateTime.parse("2027-01-11T07:00Z").toInstant());
    }

    @Test
    void anythingElseIsRefusedSayingHowToWriteIt() {
        assertThatExceptionOfType(UsageException.class).isThrownBy(() -> JobOptions.startTime("tomorrow 8am", null))
            .withMessage("--tap-start: 'tomorrow 8am' is not a time; write it as 2027-09-01T08:00 (in --time-zone) "
                    + "or 2027-09-01T08:00+02:00.");
    }
}
