package org.bulkresend.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What an admin sees when they call a command right, wrong, or at the wrong moment. */
class CommandLineTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withoutDirectory().withoutMail();

    static void assertNoStackTrace(Cli.Result result) {
        assertThat(result.all()).doesNotContain("\tat ", "Exception:", "Caused by");
    }

    @Nested
    class Help {

        @ParameterizedTest
        @ValueSource(strings = { "", "run", "demo", "restart", "watch", "followup" })
        void theCommandsThatRunTheJobListEveryExitCode(String command) {
            String[] args = (command + " --help").strip().split(" ");
            Cli.Result result = Cli.raw(args);

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("Usage: bulk-resend", "Exit codes:");
            assertThat(result.out()).contains("0   every row ended NOTIFIED").contains("3   the job failed")
                .contains("4   the daily sending limit");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "status | 0   listed | 3   the database could not be opened",
                "audit | 0   listed | 2   usage error, or a data directory that cannot be used",
                "directory list | 0   listed | 3   the database could not be opened",
                "directory import | 0   every row was imported | 1   some rows were rejected",
                "directory tap-policy | 0   the policy was shown, or changed | 2   a value Entra ID would not allow",
                "directory sign-in | 0   signed in, with the password or the Temporary Access Pass | 2   sign-in refused",
                "validate | 1   a run would take the file, but some rows will be rejected | 2   a run would refuse the file",
                "expire | 1   some could not be replaced | 3   the directory or the database did not answer",
                "templates export | 0   written | 2   a file is in the way",
                "templates check | 0   every template is usable | 2   a template is not" })
        void everyOtherCommandListsItsOwnExitCodesNotThoseOfARun(String command, String one, String another) {
            Cli.Result result = Cli.raw((command + " --help").split(" "));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("Exit codes:", one, another)
                .doesNotContain("every row ended NOTIFIED", "the daily sending limit", "the job failed");
        }

        @ParameterizedTest
        @ValueSource(strings = { "--version", "-V", "run --version", "run -V", "status -V", "directory import --version",
                "templates check -V", "watch --version", "expire -V" })
        void everyCommandPrintsTheVersion(String args) {
            Cli.Result result = Cli.raw(args.split(" "));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out().strip()).startsWith("bulk-resend ").doesNotContain("Usage");
            assertThat(result.err()).isEmpty();
        }

        @Test
        void runHelpNamesEveryOption() {
            Cli.Result result = Cli.raw("run", "--help");

            assertThat(result.out()).contains("--input", "--report", "--rerun", "--data-dir", "--out-dir",
                    "--chunk-size", "--smtp-host", "--smtp-port", "--from", "--sign-in-url", "--helpdesk",
                    "BULK_RESEND_DATA_DIR", "BULK_RESEND_OUT_DIR");
        }

        @Test
        void runHelpExplainsEveryStatus() {
            Cli.Result result = Cli.raw("run", "--help");

            for (org.bulkresend.ledger.Status status : org.bulkresend.ledger.Status.values()) {
                assertThat(result.out()).contains("  " + status.name() + " ");
            }
            assertThat(result.out()).containsPattern("RESET_NOT_NOTIFIED +reset, no message confirmed: run it again");
        }
    }

    @Nested
    class UsageErrors {

        @Test
        void noCommandListsEveryCommand() {
            Cli.Result result = Cli.raw();

            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("Missing command: give one of run, check, validate, status, restart, audit, "
                    + "followup, expire, watch, demo, directory, templates, completion, help.", "bulk-resend --help");
        }

        @ParameterizedTest
        @ValueSource(strings = { "directory", "templates" })
        void aCommandThatNeedsASubcommandNamesThemAndExitsTwo(String command) {
            Cli.Result result = Cli.raw(command);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("bulk-resend: Missing command: give one of "
                    + (command.equals("directory") ? "import, list, tap-policy, sign-in." : "export, check."),
                    "Try 'bulk-resend " + command + " --help' for the commands and options.");
            assertThat(result.out()).isEmpty();
        }

        @Test
        void unknownOption() {
            Cli.Result result = Cli.raw("run", "--input", "x.csv", "--operator", "a@contoso.example", "--colour");

            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("Unknown option '--colour'.", "bulk-resend run --help");
            assertNoStackTrace(result);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "run --inptu new-hires.csv --operator a@contoso.example | Unknown option '--inptu'; did you mean '--input'?",
                "run --input new-hires.csv --opertor a@contoso.example | Unknown option '--opertor'; did you mean '--operator'?",
                "run --input new-hires.csv --operator a@contoso.example --chunksize 10 | Unknown option '--chunksize'; did you mean '--chunk-size'?",
                "status --limt 5 | Unknown option '--limt'; did you mean '--limit'?",
                "rnu --input new-hires.csv | Unknown command 'rnu'; did you mean 'run'?",
                "directory improt users.csv | Unknown command 'improt'; did you mean 'import'?",
                "stauts | Unknown command 'stauts'; did you mean 'status'?" })
        void aMisspeltOptionOrCommandIsNamedWithTheNearestOne(String args, String message) {
            Cli.Result result = Cli.raw(args.split(" "));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("bulk-resend: " + message).doesNotContain("Missing required option");
            assertNoStackTrace(result);
        }

        @Test
        void missingInput() {
            Cli.Result result = Cli.raw("run");

            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("Missing required options: '--input=FILE', '--operator=UPN'");
        }

        @Test
        void chunkSizeOutOfRange() {
            Cli.Result result = fixture.cli().run("run", "--input", "x.csv", "--chunk-size", "0");

            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("--chunk-size must be between 1 and 1000, was 0");
        }

        @Test
        void smtpWithoutSender() throws IOException {
            fixture.importDirectory(Contoso.DIRECTORY);
            Cli.Result result = fixture.cli().run("run", "--input", Contoso.NEW_HIRES.toString(), "--smtp-host",
                    "127.0.0.1");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("A sender address is required", "--from");
            assertNoStackTrace(result);
        }

        @Test
        void aSettingGivenAsOptionAndAsPropertyTakesTheLastOne() {
            assertThat(SpringSession.lastOfEachSetting(java.util.List.of("--bulk-resend.chunk-size=50",
                    "--spring.mail.host=a", "--bulk-resend.chunk-size=7")))
                .containsExactly("--spring.mail.host=a", "--bulk-resend.chunk-size=7");
        }

        @Test
        void invalidSpringSetting() {
            Cli.Result result = fixture.cli().run("run", "--input", Contoso.NEW_HIRES.toString(),
                    "--bulk-resend.passwords.length=8");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("Invalid setting bulk-resend.passwords", "between 12 and 256, was 8");
            assertNoStackTrace(result);
        }
    }

    @Test
    void aSecondRunOnTheSameDataDirectoryIsRefusedAtOnce() throws IOException {
        Files.createDirectories(fixture.cli().dataDir());
        try (FileChannel channel = FileChannel.open(fixture.cli().dataDir().resolve("bulk-resend.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            Cli.Result result = fixture.cli().run("run", "--input", Contoso.NEW_HIRES.toString());

            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("Another bulk-resend run is using the data directory",
                    "Nothing was changed");
        }
    }

    @Test
    void aMailServerThatDoesNotAnswerStopsTheRunBeforeAnyoneIsReset() throws IOException {
        fixture.importDirectory(Contoso.DIRECTORY);
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Cli.Result result = fixture.cli().run("run", "--input", Contoso.NEW_HIRES.toString(), "--smtp-host",
                "127.0.0.1", "--smtp-port", String.valueOf(closedPort), "--from", "helpdesk@contoso.example");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).contains("does not answer", "nobody was reset");
        assertNoStackTrace(result);
        assertThat(fixture.database().passwordHashes()).isEmpty();
    }

    @Test
    void directoryImportIsIdempotentAndListShowsNoHashes() {
        Cli.Result first = fixture.cli().run("directory", "import", Contoso.DIRECTORY.toString());
        Cli.Result second = fixture.cli().run("directory", "import", Contoso.DIRECTORY.toString());
        Cli.Result list = fixture.cli().run("directory", "list");

        assertThat(first.out()).contains("40 added, 0 updated, 0 rejected; 40 users");
        assertThat(second.out()).contains("0 added, 40 updated, 0 rejected; 40 users");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("adele.vance@contoso.example", "Global Administrator", "王小明", "BLOCKED",
                "SOFT_DELETED", "40 users.").doesNotContain("{bcrypt}");
    }

    @Test
    void directoryImportNamesEachRejectedLine() throws IOException {
        Path file = Files.writeString(fixture.work().resolve("dir.csv"), """
                userPrincipalName,displayName,accountState,adminRoles,alternateEmail
                ok.user@contoso.example,OK,ACTIVE,,ok@example.net
                bad.state@contoso.example,Bad,FROZEN,,bad@example.net
                bad.role@contoso.example,Bad,ACTIVE,Supreme Leader,bad@example.net
                not-an-address,Bad,ACTIVE,,bad@example.net
                """);

        Cli.Result result = fixture.cli().run("directory", "import", file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(result.out()).contains("1 added, 0 updated, 3 rejected");
        assertThat(result.err()).contains("line 3: account state 'FROZEN'", "line 4: unknown admin role 'Supreme Leader'",
                "line 5: user principal name 'not-an-address'");
    }
}
