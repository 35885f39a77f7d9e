package org.bulkresend.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.bulkresend.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command that only reads what runs recorded, given a data directory where nothing was ever
 * run (a typo in --data-dir, the wrong working folder), says so and exits 2, instead of creating
 * an empty database and answering "No runs yet." as if all were well.
 */
class MissingDataDirectoryTests {

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = { "status", "audit", "followup", "directory list" })
    void aReadingCommandOnADataDirectoryWithNothingInItSaysSoAndCreatesNothing(String command) {
        Path typo = this.work.resolve("dta");

        Cli.Result result = Cli.raw((command + " --data-dir " + typo).split(" "));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("bulk-resend: There is no bulk-resend data directory at " + typo
                + " (nothing has been run or imported with it, and this command creates none): give the one your "
                + "runs used with --data-dir (or env BULK_RESEND_DATA_DIR). Nothing was changed.");
        assertThat(result.err().lines()).as("one line").hasSize(1);
        assertThat(typo).doesNotExist();
    }

    @Test
    void anEmptyFolderIsNotADataDirectoryEither() throws Exception {
        Path empty = Files.createDirectories(this.work.resolve("empty"));

        Cli.Result result = Cli.raw("status", "--data-dir", empty.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("There is no bulk-resend data directory at " + empty);
        try (var left = Files.list(empty)) {
            assertThat(left).as("nothing created in it").isEmpty();
        }
    }

    @Test
    void onceSomethingWasImportedTheSameCommandsRead() throws Exception {
        Cli cli = new Cli(this.work);
        Path users = Files.writeString(this.work.resolve("users.csv"),
                "userPrincipalName,displayName,alternateEmail\nanna.berg@contoso.example,Anna Berg,anna@example.net\n");
        assertThat(cli.run("directory", "import", users.toString()).exitCode()).isZero();

        Cli.Result status = cli.run("status");

        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("No runs yet.");
        assertThat(cli.run("directory", "list").out()).contains("anna.berg@contoso.example", "1 users.");
    }
}
