package org.bulkresend.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.notify.SendRate;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The mail provider's quotas and the parallel hashing, through the real command line: a rate is
 * never exceeded, a daily limit stops the run cleanly and the next day's run continues it, and
 * hashing on every core changes nothing but the speed.
 */
class SendingLimitsTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withTenant(10);

    /** The whole tenant, as its operator. */
    Cli.Result run(String... extra) {
        return fixture.run(fixture.input(), extra);
    }

    @Test
    void aRunNeverSendsFasterThanTheRate() {
        long started = System.nanoTime();
        Cli.Result result = run("--rate", "120/min", "--chunk-size", "5");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fixture.received()).hasSize(10);
        assertThat(result.out()).contains(", at most 120/min");
        // Without a rate the whole command takes about two seconds here; the rate alone implies 4.5.
        assertThat(took).as("10 messages at 2 a second: the first at once, 9 half a second apart")
            .isGreaterThanOrEqualTo(Duration.ofMillis(9 * 500));
    }

    @Test
    void theDailyLimitStopsTheRunCleanlyAndTheNextDaysRunContinuesIt() throws Exception {
        Cli.Result first = run("--daily-limit", "4", "--chunk-size", "2");

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(4);
        assertThat(first.err()).contains("The daily limit of 4 messages is reached: 4 were sent in the last 24 hours",
                "Run the same command again after");
        assertThat(fixture.received()).hasSize(4);
        assertThat(fixture.database().passwordHashes()).as("nobody reset beyond the limit").hasSize(4);
        assertThat(fixture.cli().run("status").out()).contains("STOPPED", "The daily limit of 4 messages is reached");

        Cli.Result sameDay = run("--daily-limit", "4", "--chunk-size", "2");
        assertThat(sameDay.exitCode()).as(sameDay.toString()).isEqualTo(4);
        assertThat(fixture.received()).as("nothing more the same day").hasSize(4);

        for (int day = 0; day < 2; day++) {
            fixture.database().update("UPDATE AUDIT_EVENT SET OCCURRED_AT = OCCURRED_AT - INTERVAL '25' HOUR");
            Cli.Result next = run("--daily-limit", "4", "--chunk-size", "2");
            assertThat(next.exitCode()).as(next.toString()).isEqualTo((day == 0) ? 4 : 0);
        }

        assertThat(fixture.received()).hasSize(10);
        Map<String, MimeMessage> byAccount = new HashMap<>();
        for (MimeMessage message : fixture.received()) {
            assertThat(byAccount.put(Mails.account(message), message)).as("told once").isNull();
            assertThat(fixture.database().passwordMatches(Mails.account(message), Mails.password(message))).isTrue();
        }
        assertThat(fixture.database().query("SELECT COUNT(*) AS N FROM BATCH_JOB_INSTANCE").get(0).get("N"))
            .as("one run, continued").isEqualTo(1L);
    }

    @Test
    void aRunThatEndsExactlyAtTheLimitFinishes() throws Exception {
        Path four = Files.writeString(fixture.work().resolve("four.csv"), "userPrincipalName\n" + Tenant.upn(0)
                + "\n" + Tenant.upn(1) + "\n" + Tenant.upn(2) + "\n" + Tenant.upn(3) + "\n");

        Cli.Result result = fixture.run(four, "--daily-limit", "4", "--chunk-size", "2");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fixture.received()).hasSize(4);
        Cli.Result next = run("--daily-limit", "4", "--chunk-size", "2");
        assertThat(next.exitCode()).as("the limit is used up for today\n" + next).isEqualTo(4);
        assertThat(fixture.received()).hasSize(4);
    }

    @Test
    void hashingOnEveryCoreGivesTheSameLedgerDirectoryAndReportAsOneByOne() throws Exception {
        Cli parallel = fixture.otherDataDirectory("two");

        Cli.Result sequentialRun = run("--bulk-resend.passwords.hash-threads=1", "--chunk-size", "4");
        Cli.Result parallelRun = fixture.run(parallel, fixture.input(), "--bulk-resend.passwords.hash-threads=4",
                "--chunk-size", "4");

        assertThat(sequentialRun.exitCode()).isZero();
        assertThat(parallelRun.exitCode()).isZero();
        EmbeddedDatabase database = fixture.database();
        EmbeddedDatabase other = new EmbeddedDatabase(parallel.dataDir());
        String ledger = "SELECT LINE_NUMBER, USER_PRINCIPAL_NAME, NOTIFY_ADDRESS, STATUS, REASON, ATTEMPTS, "
                + "MESSAGE_LANGUAGE FROM RESEND_LEDGER ORDER BY LINE_NUMBER";
        assertThat(other.query(ledger)).isEqualTo(database.query(ledger));
        String directory = "SELECT USER_PRINCIPAL_NAME, MUST_CHANGE_PASSWORD, PASSWORD_HASH IS NULL AS NO_HASH "
                + "FROM DIRECTORY_USER ORDER BY UPN_KEY";
        assertThat(other.query(directory)).isEqualTo(database.query(directory));
        assertThat(reportWithoutTimes(parallelRun)).isEqualTo(reportWithoutTimes(sequentialRun));
        for (MimeMessage message : fixture.received()) {
            String account = Mails.account(message);
            assertThat(database.passwordMatches(account, Mails.password(message))
                    || other.passwordMatches(account, Mails.password(message))).as(account).isTrue();
        }
    }

    /** The report's cells but the times and Message-IDs, which differ between any two runs. */
    static String reportWithoutTimes(Cli.Result result) throws Exception {
        String line = result.out().lines().filter((l) -> l.startsWith("Report:")).findFirst().orElseThrow();
        return Files.readAllLines(Path.of(line.substring("Report:".length()).strip())).stream()
            .map((row) -> {
                String[] cells = row.split(",", -1);
                return String.join(",", cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[9]);
            })
            .collect(Collectors.joining("\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "30/min, 30/min, PT2S", "30, 30/min, PT2S", "2000/h, 2000/h, PT1.8S", "5/s, 5/s, PT0.2S",
            "10 / MINUTE, 10/min, PT6S" })
    void ratesAreWrittenAsAdminsWriteThem(String text, String normal, Duration interval) {
        SendRate rate = SendRate.parse(text);

        assertThat(rate.toString()).isEqualTo(normal);
        assertThat(rate.interval()).isEqualTo(interval);
    }

    @Test
    void aRateThatIsNotOneIsAUsageError() {
        assertThatIllegalArgumentException().isThrownBy(() -> SendRate.parse("fast"))
            .withMessage("'fast' is not a rate: write it as 30/min, 2000/h or 5/s");
        Cli.Result result = run("--rate", "fast");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--rate: 'fast' is not a rate");
        assertThat(run("--daily-limit", "0").err()).contains("--daily-limit must be at least 1, was 0.");
    }
}
