package org.bulkresend.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.AtRest;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.bulkresend.support.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --database}: the job repository, ledger, audit trail and embedded directory in a
 * PostgreSQL database (a fresh one of the tests' {@link PostgresServer} per test), the data
 * directory keeping only the lock and the log; its password nowhere at rest; and a server that
 * cannot be used said in one line, before anything changes.
 */
class PostgresDatabaseTests {

    @RegisterExtension
    final BulkResendFixture fixture = BulkResendFixture.withContoso().withPostgres();

    @Test
    void aRunIsRecordedInPostgresqlAndTheSameCommandAgainTellsNobodyTwice() {
        Cli.Result first = this.fixture.run(this.fixture.input());

        assertThat(first.exitCode()).as("problem rows make exit code 1\n" + first).isEqualTo(1);
        this.fixture.assertEachToldOnceWithTheirPassword(Contoso.TOLD.size());
        Cli.Result status = this.fixture.cli().run("status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("Run 1 ", "COMPLETED", "NOTIFIED " + Contoso.TOLD.size());

        Cli.Result again = this.fixture.run(this.fixture.input());

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("was already processed by run 1", "Nothing was changed");
        assertThat(this.fixture.received()).as("nobody told twice").hasSize(Contoso.TOLD.size());
        EmbeddedDatabase database = this.fixture.database();
        assertThat(count(database, "RESEND_LEDGER")).isEqualTo(34);
        assertThat(count(database, "BATCH_JOB_INSTANCE")).isEqualTo(1);
        assertThat(count(database, "DIRECTORY_USER")).isEqualTo(40);
        assertThat(database.query("SELECT COUNT(*) AS N FROM AUDIT_EVENT WHERE ACTION = 'RESET'").get(0).get("N"))
            .isEqualTo((long) Contoso.TOLD.size());
        Path dataDir = this.fixture.cli().dataDir();
        assertThat(dataDir.resolve("db")).as("no embedded database beside PostgreSQL's").doesNotExist();
        assertThat(dataDir.resolve("bulk-resend.lock")).exists();
        assertThat(dataDir.resolve("logs").resolve("bulk-resend.log")).isNotEmptyFile();
    }

    @Test
    void neitherAToldPasswordNorTheDatabasePasswordIsAtRest() {
        Cli.Result result = this.fixture.run(this.fixture.input());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        List<String> told = new ArrayList<>();
        for (MimeMessage message : this.fixture.received()) {
            told.add(Mails.password(message));
        }
        assertThat(told).hasSize(Contoso.TOLD.size());
        EmbeddedDatabase database = this.fixture.database();
        List<Map<String, Object>> tables = database.query("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_SCHEMA = 'public' AND TABLE_TYPE = 'BASE TABLE'");
        assertThat(tables).hasSizeGreaterThan(10);
        List<String> secrets = new ArrayList<>(told);
        secrets.add(PostgresServer.PASSWORD);
        for (Map<String, Object> table : tables) {
            String rows = database.query("SELECT * FROM \"" + table.get("TABLE_NAME") + "\"").toString();
            assertThat(secrets.stream().noneMatch(rows::contains)).as("a secret found in table %s",
                    table.get("TABLE_NAME")).isTrue();
        }
        assertThat(database.query("SELECT PARAMETER_NAME FROM BATCH_JOB_EXECUTION_PARAMS")).isNotEmpty();
        assertThat(AtRest.assertNoneOf(secrets, result, this.fixture.cli().dataDir(), this.fixture.cli().outDir()))
            .anyMatch((file) -> file.toString().endsWith(".log"))
            .anyMatch((file) -> file.toString().endsWith("-report.csv"));
    }

    @Test
    void aFreshDatabaseIsMadeByItsSqlMigrationsAloneWithoutTheDataDirectoriesCatchUp() {
        List<Map<String, Object>> history = this.fixture.database()
            .query("SELECT \"version\", \"type\", \"success\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\"");

        assertThat(history).hasSize(2);
        assertThat(history.get(0)).containsEntry("VERSION", "1").containsEntry("TYPE", "SQL").containsEntry("SUCCESS", true);
        assertThat(history.get(1)).containsEntry("VERSION", "3").containsEntry("TYPE", "SQL").containsEntry("SUCCESS", true);
        assertThat(this.fixture.database().query("SELECT PASS_LENGTH FROM DIRECTORY_TAP_POLICY"))
            .as("the Temporary Access Pass policy's seed row").hasSize(1);
    }

    @Test
    void aDatabaseThatIsNotPostgresqlIsRefusedInOneLine() throws IOException {
        Cli cli = otherCli("mysql", List.of("--database", "jdbc:mysql://127.0.0.1:3306/bulk_resend"));

        Cli.Result result = this.fixture.run(cli, this.fixture.input());

        assertRefusedInOneLine(result, ExitCodes.USAGE, "--database", "must be a PostgreSQL address");
        assertThat(cli.dataDir()).as("not even the data directory was made").doesNotExist();
    }

    @Test
    void aServerThatDoesNotAnswerIsSaidInOneLine() throws IOException {
        Cli cli = otherCli("unreachable", List.of("--database", PostgresServer.unreachableUrl(), "--database-user",
                PostgresServer.USER, "--database-password-file",
                PostgresServer.passwordFile(this.fixture.work(), PostgresServer.PASSWORD).toString()));

        Cli.Result result = this.fixture.run(cli, this.fixture.input());

        assertRefusedInOneLine(result, ExitCodes.FAILED, "--database cannot be reached", "Run the same command again");
        assertThat(cli.dataDir().resolve("db")).doesNotExist();
    }

    @Test
    void aWrongPasswordIsSaidInOneLineAndNeverShown() throws IOException {
        String wrong = "Not-The-Password-42";
        Cli cli = otherCli("wrong", List.of("--database", this.fixture.postgresDatabase().url(), "--database-user",
                PostgresServer.USER, "--database-password-file",
                PostgresServer.passwordFile(this.fixture.work(), wrong).toString()));

        Cli.Result result = this.fixture.run(cli, this.fixture.input());

        assertRefusedInOneLine(result, ExitCodes.USAGE, "refused bulk-resend", "password authentication failed",
                "--database-password-file");
        assertThat(result.all()).doesNotContain(wrong);
        assertThat(count(this.fixture.database(), "RESEND_LEDGER")).isZero();
        assertThat(count(this.fixture.database(), "BATCH_JOB_INSTANCE")).isZero();
    }

    @Test
    void theDatabasePasswordIsNotTakenAsAnArgument() {
        Cli.Result result = this.fixture.cli().run("status", "--database-password=" + PostgresServer.PASSWORD);

        assertRefusedInOneLine(result, ExitCodes.USAGE, "--database-password is not taken on the command line",
                "BULK_RESEND_DATABASE_PASSWORD");
        assertThat(result.all()).doesNotContain(PostgresServer.PASSWORD);
    }

    /** A command line on a data directory of its own in the work folder, with these database options. */
    private Cli otherCli(String name, List<String> databaseOptions) throws IOException {
        return new Cli(Files.createDirectories(this.fixture.work().resolve(name)), databaseOptions);
    }

    private void assertRefusedInOneLine(Cli.Result result, int exitCode, String... says) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.err().strip().lines()).as(result.toString()).hasSize(1);
        assertThat(result.err()).contains(says).doesNotContain("Exception", "\tat ");
        assertThat(this.fixture.received()).as("nobody was told anything").isEmpty();
    }

    private static long count(EmbeddedDatabase database, String table) {
        return ((Number) database.query("SELECT COUNT(*) AS N FROM " + table).get(0).get("N")).longValue();
    }
}
