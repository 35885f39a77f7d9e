package org.bulkresend.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The senders an admin names, on the command line and in a pool file, and what they are told when
 * a line or an address is wrong: the place to fix, never a stack trace.
 */
class SenderPoolTests {

    @TempDir
    Path folder;

    Path poolFile(String text) throws IOException {
        return Files.writeString(this.folder.resolve("senders.txt"), text, StandardCharsets.UTF_8);
    }

    @Test
    void fromTakesOneAddressOrSeveralSeparatedByCommasWithDisplayNamesAndCommasInQuotes() {
        assertThat(SenderPool.fromOption("Contoso IT <it@contoso.example>")).extracting(Sender::address)
            .containsExactly("it@contoso.example");
        List<Sender> pool = SenderPool.fromOption(
                "it1@contoso.example, \"IT, Contoso\" <IT2@Contoso.example>,Contoso IT <it3@contoso.example>");
        assertThat(pool).extracting(Sender::from).containsExactly("it1@contoso.example",
                "\"IT, Contoso\" <IT2@Contoso.example>", "Contoso IT <it3@contoso.example>");
        assertThat(pool).extracting(Sender::mailbox).containsExactly("it1@contoso.example", "it2@contoso.example",
                "it3@contoso.example");
        assertThat(pool).allSatisfy((sender) -> assertThat(sender.hasOwnLimits()).isFalse());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "it1@contoso.example,,it2@contoso.example | has an empty address between commas",
            "it1@contoso.example,helpdesk | --from 'helpdesk' is not an email address",
            "it1@contoso.example,IT1@contoso.example | --from names IT1@contoso.example twice" })
    void aWrongFromSaysWhichAddress(String from, String message) {
        assertThatExceptionOfType(MailSettingsException.class).isThrownBy(() -> SenderPool.fromOption(from))
            .withMessageContaining(message);
    }

    @Test
    void aPoolFileHasOneMailboxALineWithItsOwnRateAndDailyLimitAndComments() throws IOException {
        Path file = poolFile("""
                \uFEFF# Contoso's sending mailboxes
                it1@contoso.example rate=30/min daily-limit=10000

                Contoso IT <it2@contoso.example>   daily-limit=2000
                it3@contoso.example
                """);

        List<Sender> pool = SenderPool.read(file);

        assertThat(pool).containsExactly(new Sender("it1@contoso.example", SendRate.parse("30/min"), 10000),
                new Sender("Contoso IT <it2@contoso.example>", null, 2000), Sender.of("it3@contoso.example"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "it1@contoso.example rate=fast | line 2: rate=fast: 'fast' is not a rate: write it as 30/min",
            "it1@contoso.example daily-limit=lots | line 2: daily-limit=lots is not a number of messages",
            "it1@contoso.example daily-limit=0 | line 2: daily-limit=0 is not a number of messages",
            "it1@contoso.example speed=9 | line 2: 'speed=9' is not a setting a sender takes",
            "rate=30/min | line 2: the line has no address",
            "helpdesk rate=30/min | line 2: 'helpdesk' is not an email address",
            "it1@contoso.example rate=1/s rate=2/s | line 2: rate= is given twice",
            "IT0@contoso.example | line 2: IT0@contoso.example is already on line 1" })
    void aWrongLineIsNamedWithWhatToWrite(String line, String message) throws IOException {
        Path file = poolFile("it0@contoso.example\n" + line + "\n");

        assertThatExceptionOfType(MailSettingsException.class).isThrownBy(() -> SenderPool.read(file))
            .withMessageStartingWith("--sender-pool " + file + " ")
            .withMessageContaining(message);
    }

    @Test
    void aMissingOrEmptyPoolFileIsNamed() throws IOException {
        assertThatExceptionOfType(MailSettingsException.class)
            .isThrownBy(() -> SenderPool.read(this.folder.resolve("none.txt")))
            .withMessageContaining("does not exist");
        Path empty = poolFile("# nobody yet\n\n");
        assertThatExceptionOfType(MailSettingsException.class).isThrownBy(() -> SenderPool.read(empty))
            .withMessageContaining("names no sender");
    }

    @Test
    void aRouteKeepsItsPoolWithTheRunAndReadsItBack() {
        MailRoute route = MailRoute.smtp("mail.contoso.example", 587, "it1@contoso.example")
            .withSenders(List.of(Sender.of("it1@contoso.example"),
                    new Sender("Contoso IT <it2@contoso.example>", SendRate.parse("30/min"), 2000)),
                    "helpdesk@contoso.example");

        assertThat(MailRoute.keptSenders(route.sendersToKeep())).isEqualTo(route.senders());
        assertThat(route.describe()).isEqualTo("SMTP server mail.contoso.example:587, from it1@contoso.example, "
                + "it2@contoso.example, replies to helpdesk@contoso.example");
        assertThat(MailRoute.smtp("mail.contoso.example", 587, "it@contoso.example").sendersToKeep())
            .as("one sender without limits of its own is kept as before pools").isEmpty();
    }
}
