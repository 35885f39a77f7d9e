package org.bulkresend.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check --database}: a PostgreSQL database of the tests' server (a fresh one per test) that
 * bulk-resend can use gets a ✓ with its schema version; one that refuses the password a ✗ saying
 * what to correct, the password shown nowhere, and the other checks still run on a temporary
 * database that is deleted afterwards.
 */
class PostgresCheckTests {

    @RegisterExtension
    final BulkResendFixture fixture = BulkResendFixture.withContoso().withPostgres();

    Cli.Result check(Cli cli, String... extra) {
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(this.fixture.smtpOptions());
        args.addAll(List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void aDatabaseBulkResendCanUseIsATickWithItsSchemaVersionAndNoRunIsRecorded() {
        Cli.Result result = check(this.fixture.cli());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.checkLine("database")).isEqualTo("✓ database: PostgreSQL "
                + this.fixture.postgresDatabase().url() + " as " + PostgresServer.USER
                + ": reachable, writable, schema version 3");
        assertThat(result.checkLine("operator")).startsWith("✓ operator: adele.vance@contoso.example");
        assertThat(this.fixture.database().query("SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION")).isEmpty();
        assertThat(this.fixture.database().ledger()).isEmpty();
        assertThat(this.fixture.received()).isEmpty();
    }

    @Test
    void aWrongPasswordIsACrossNeverShownAndTheOtherChecksStillRun() throws IOException {
        String wrong = "Not-The-Password-42";
        Cli cli = new Cli(Files.createDirectories(this.fixture.work().resolve("wrong")),
                List.of("--database", this.fixture.postgresDatabase().url(), "--database-user", PostgresServer.USER,
                        "--database-password-file",
                        PostgresServer.passwordFile(this.fixture.work(), wrong).toString()));
        List<String> temporaryBefore = temporaryCheckFolders();

        Cli.Result result = check(cli, "--daily-limit", "100");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.checkLine("sending limits")).startsWith("✗ sending limits: no pace set; daily limit 100: how "
                + "many were sent in the last 24 hours is not known without the database");
        assertThat(result.checkLine("database")).startsWith("✗ database: The PostgreSQL database of "
                + "--database refused bulk-resend: ").contains("password authentication failed",
                        "— do this: correct --database, --database-user or the password");
        assertThat(result.checkLine("mail")).startsWith("✓");
        assertThat(result.checkLine("templates")).startsWith("✓");
        assertThat(result.all()).doesNotContain(wrong, PostgresServer.PASSWORD, "\tat ");
        assertThat(cli.dataDir()).as("no data directory was made for the check").doesNotExist();
        assertThat(temporaryCheckFolders()).as("the temporary database was deleted").isEqualTo(temporaryBefore);
    }

    private static List<String> temporaryCheckFolders() throws IOException {
        try (var folders = Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            return folders.map((folder) -> folder.getFileName().toString())
                .filter((name) -> name.startsWith("bulk-resend-check-"))
                .sorted()
                .toList();
        }
    }
}
