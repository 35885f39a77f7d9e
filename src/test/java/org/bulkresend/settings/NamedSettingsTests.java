package org.bulkresend.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bulkresend.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings are read and checked once, when they are bound. The named ones (the directory, the
 * mail route, the cloud) are read from the names the command line and the environment use; a name
 * that is none of them stops the command, naming the setting and the names it accepts. A number or
 * a duration out of its range stops it naming the setting, the range and the value given. Either
 * way nothing starts.
 */
class NamedSettingsTests {

    @TempDir
    Path work;

    /** {@code directory import} of one user, a command that starts with every setting bound, with these. */
    Cli.Result importWith(String... settings) {
        try {
            Path users = Files.writeString(this.work.resolve("users.csv"),
                    "userPrincipalName,displayName\nanna.berg@contoso.example,Anna Berg\n");
            List<String> args = new ArrayList<>(List.of("directory", "import", users.toString()));
            args.addAll(List.of(settings));
            return new Cli(this.work).run(args.toArray(String[]::new));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--bulk-resend.directory=ldap | Invalid setting bulk-resend.directory: the directory must be embedded, graph or ad, was 'ldap'",
            "--bulk-resend.mail.via=pigeon | Invalid setting bulk-resend.mail.via: mail must go via smtp, graph or outbox, was 'pigeon'",
            "--bulk-resend.mail.cloud=mars | Invalid setting bulk-resend.mail.cloud: unknown cloud 'mars': use worldwide, 21vianet, germany, usgov or usgov-dod" })
    void aNameThatIsNoneOfTheKnownOnesIsRefusedWithTheNamesItAccepts(String setting, String message) {
        Cli.Result result = importWith(setting);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(message).doesNotContain("Exception", "\tat ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--bulk-resend.chunk-size=0 | Invalid setting bulk-resend.chunk-size: must be between 1 and 1000, was 0",
            "--bulk-resend.passwords.hash-threads=300 | Invalid setting bulk-resend.passwords.hash-threads: must be between 0 and 256, was 300",
            "--bulk-resend.passwords.ttl=30m | Invalid setting bulk-resend.passwords.ttl: must be between 1 hour and 365 days, was 30m",
            "--bulk-resend.mail.daily-limit=-1 | Invalid setting bulk-resend.mail.daily-limit: must be 0 (none) or more, was -1",
            "--bulk-resend.mail.stop-after-failures=0 | Invalid setting bulk-resend.mail.stop-after-failures: must be at least 1, was 0",
            "--bulk-resend.mail.retry.retries=21 | Invalid setting bulk-resend.mail.retry.retries: must be between 0 and 20, was 21",
            "--bulk-resend.graph.retries=51 | Invalid setting bulk-resend.graph.retries: must be between 0 and 50, was 51" })
    void aValueOutOfItsRangeIsRefusedAsTheSettingIsBoundNamingTheSettingTheRangeAndTheValue(String setting,
            String message) {
        Cli.Result result = importWith(setting);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(message).doesNotContain("Exception", "\tat ");
    }

    @Test
    void everySettingOutOfItsRangeIsNamedAtOnce() {
        Cli.Result result = importWith("--bulk-resend.chunk-size=5000", "--bulk-resend.passwords.length=8");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Invalid setting bulk-resend.chunk-size: must be between 1 and 1000, was 5000",
                "Invalid setting bulk-resend.passwords.length: must be between 12 and 256, was 8");
    }

    @ParameterizedTest
    @CsvSource({ "--bulk-resend.directory=EMBEDDED", "--bulk-resend.mail.via=Outbox",
            "--bulk-resend.mail.cloud=usgov-dod", "--bulk-resend.mail.cloud=US_GOVERNMENT_DOD",
            "--bulk-resend.mail.via=" })
    void theNamesAreReadInAnyCase(String setting) {
        Cli.Result result = importWith(setting);

        assertThat(result.exitCode()).as(result.toString()).isZero();
    }
}
