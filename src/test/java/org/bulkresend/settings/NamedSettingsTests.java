package org.bulkresend.settings;

import java.nio.file.Path;

import org.bulkresend.support.Cli;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The named settings (the directory, the mail route, the cloud) are read once, when the settings
 * are bound, from the names the command line and the environment use; a name that is none of
 * them stops the command, naming the setting and the names it accepts, and nothing starts.
 */
class NamedSettingsTests {

    @TempDir
    Path work;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--bulk-resend.directory=ldap | Invalid setting bulk-resend.directory: the directory must be embedded or graph, was 'ldap'",
            "--bulk-resend.mail.via=pigeon | Invalid setting bulk-resend.mail.via: mail must go via smtp, graph or outbox, was 'pigeon'",
            "--bulk-resend.mail.cloud=mars | Invalid setting bulk-resend.mail.cloud: unknown cloud 'mars': use worldwide, 21vianet, germany, usgov or usgov-dod" })
    void aNameThatIsNoneOfTheKnownOnesIsRefusedWithTheNamesItAccepts(String setting, String message) {
        Cli.Result result = new Cli(this.work).run("status", setting);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(message).doesNotContain("Exception", "\tat ");
    }

    @ParameterizedTest
    @CsvSource({ "--bulk-resend.directory=EMBEDDED", "--bulk-resend.mail.via=Outbox",
            "--bulk-resend.mail.cloud=usgov-dod", "--bulk-resend.mail.cloud=US_GOVERNMENT_DOD",
            "--bulk-resend.mail.via=" })
    void theNamesAreReadInAnyCase(String setting) {
        Cli.Result result = new Cli(this.work).run("status", setting);

        assertThat(result.exitCode()).as(result.toString()).isZero();
    }
}
