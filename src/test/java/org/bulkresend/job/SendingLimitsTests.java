package org.bulkresend.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.notify.SendRate;
import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
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
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path work;

    Cli cli;

    EmbeddedDatabase database;

    Path input;

    @BeforeEach
    void tenantOfTen() throws Exception {
        Tenant.write(this.work, 10);
        this.input = this.work.resolve("input.csv");
        this.cli = new Cli(this.work.resolve("one"));
        this.database = new EmbeddedDatabase(this.cli.dataDir());
        assertThat(this.cli.run("directory", "import", this.work.resolve("directory.csv").toString()).exitCode())
            .isZero();
    }

    Cli.Result run(Cli cli, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--input", this.input.toString(), "--operator",
                Tenant.OPERATOR, "--operator-password-file", cli.passwordFile(Tenant.OPERATOR_PASSWORD), "--smtp-host",
                "127.0.0.1", "--smtp-port", String.valueOf(greenMail.getSmtp().getPort()), "--from",
                "helpdesk@contoso.example"));
        args.addAll(List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void aRunNeverSendsFasterThanTheRate() {
        long started = System.nanoTime();
        Cli.Result result = run(this.cli, "--rate", "120/min", "--chunk-size", "5");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(greenMail.getReceivedMessages()).hasSize(10);
        assertThat(result.out()).contains(", at most 120/min");
        // Without a rate the whole command takes about two seconds here; the rate alone implies 4.5.
        assertThat(took).as("10 messages at 2 a second: the first at once, 9 half a second apart")
            .isGreaterThanOrEqualTo(Duration.ofMillis(9 * 500));
    }

    @Test
    void theDailyLimitStopsTheRunCleanlyAndTheNextDaysRunContinuesIt() throws Exception {
        Cli.Result first = run(this.cli, "--daily-limit", "4", "--chunk-size", "2");

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(4);
        assertThat(first.err()).contains("The daily limit of 4 messages is reached: 4 were sent in the last 24 hours",
                "Run the same command again after");
        assertThat(greenMail.getReceivedMessages()).hasSize(4);
        assertThat(this.database.passwordHashes()).as("nobody reset beyond the limit").hasSize(4);
        assertThat(this.cli.run("status").out()).contains("STOPPED", "The daily limit of 4 messages is reached");

        Cli.Result sameDay = run(this.cli, "--daily-limit", "4", "--chunk-size", "2");
        assertThat(sameDay.exitCode()).as(sameDay.toString()).isEqualTo(4);
        assertThat(greenMail.getReceivedMessages()).as("nothing more the same day").hasSize(4);

        for (int day = 0; day < 2; day++) {
            this.database.update("UPDATE AUDIT_EVENT SET OCCURRED_AT = OCCURRED_AT - INTERVAL '25' HOUR");
            Cli.Result next = run(this.cli, "--daily-limit", "4", "--chunk-size", "2");
            assertThat(next.exitCode()).as(next.toString()).isEqualTo((day == 0) ? 4 : 0);
        }

        assertThat(greenMail.getReceivedMessages()).hasSize(10);
        Map<String, MimeMessage> byAccount = new HashMap<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            assertThat(byAccount.put(Mails.account(message), message)).as("told once").isNull();
            assertThat(this.database.passwordMatches(Mails.account(message), Mails.password(message))).isTrue();
        }
        assertThat(this.database.query("SELECT COUNT(*) AS N FROM BATCH_JOB_INSTANCE").get(0).get("N"))
            .as("one run, continued").isEqualTo(1L);
    }

    @Test
    void aRunThatEndsExactlyAtTheLimitFinishes() throws Exception {
        Path four = Files.writeString(this.work.resolve("four.csv"), "userPrincipalName\n" + Tenant.upn(0) + "\n"
                + Tenant.upn(1) + "\n" + Tenant.upn(2) + "\n" + Tenant.upn(3) + "\n");
        this.input = four;

        Cli.Result result = run(this.cli, "--daily-limit", "4", "--chunk-size", "2");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(greenMail.getReceivedMessages()).hasSize(4);
        this.input = this.work.resolve("input.csv");
        Cli.Result next = run(this.cli, "--daily-limit", "4", "--chunk-size", "2");
        assertThat(next.exitCode()).as("the limit is used up for today\n" + next).isEqualTo(4);
        assertThat(greenMail.getReceivedMessages()).hasSize(4);
    }

    @Test
    void hashingOnEveryCoreGivesTheSameLedgerDirectoryAndReportAsOneByOne() throws Exception {
        Cli parallel = new Cli(this.work.resolve("two"));
        assertThat(parallel.run("directory", "import", this.work.resolve("directory.csv").toString()).exitCode())
            .isZero();

        Cli.Result sequentialRun = run(this.cli, "--bulk-resend.passwords.hash-threads=1", "--chunk-size", "4");
        Cli.Result parallelRun = run(parallel, "--bulk-resend.passwords.hash-threads=4", "--chunk-size", "4");

        assertThat(sequentialRun.exitCode()).isZero();
        assertThat(parallelRun.exitCode()).isZero();
        EmbeddedDatabase other = new EmbeddedDatabase(parallel.dataDir());
        String ledger = "SELECT LINE_NUMBER, USER_PRINCIPAL_NAME, NOTIFY_ADDRESS, STATUS, REASON, ATTEMPTS, "
                + "MESSAGE_LANGUAGE FROM RESEND_LEDGER ORDER BY LINE_NUMBER";
        assertThat(other.query(ledger)).isEqualTo(this.database.query(ledger));
        String directory = "SELECT USER_PRINCIPAL_NAME, MUST_CHANGE_PASSWORD, PASSWORD_HASH IS NULL AS NO_HASH "
                + "FROM DIRECTORY_USER ORDER BY UPN_KEY";
        assertThat(other.query(directory)).isEqualTo(this.database.query(directory));
        assertThat(reportWithoutTimes(parallelRun)).isEqualTo(reportWithoutTimes(sequentialRun));
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            String account = Mails.account(message);
            assertThat(this.database.passwordMatches(account, Mails.password(message))
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
        Cli.Result result = run(this.cli, "--rate", "fast");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--rate: 'fast' is not a rate");
        assertThat(run(this.cli, "--daily-limit", "0").err()).contains("--daily-limit must be at least 1, was 0.");
    }
}
