package org.bulkresend.schedule;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code watch} through the real command line, one round at a time ({@code --once}, as cron runs
 * it), with the embedded directory and a real SMTP server. The loop and SIGTERM are in
 * {@code WatchProcessIT}.
 */
class WatchTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withTenant(10);

    /** The folder files are dropped into. */
    Path inbox() {
        return fixture.work().resolve("inbox");
    }

    /** Drops a file of these users into the inbox, written the given time ago. */
    Path drop(String name, Duration ago, int... users) throws Exception {
        List<String> lines = new ArrayList<>(List.of("userPrincipalName"));
        for (int user : users) {
            lines.add(Tenant.upn(user));
        }
        Files.createDirectories(inbox());
        Path file = inbox().resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(ago)));
        return file;
    }

    Cli.Result round(String... extra) {
        List<String> args = new ArrayList<>(List.of("watch", "--inbox", inbox().toString(), "--once"));
        args.addAll(fixture.operatorOptions());
        args.addAll(fixture.smtpOptions());
        args.addAll(List.of(extra));
        return fixture.cli().run(args.toArray(String[]::new));
    }

    @Test
    void anInboxThatDoesNotExistIsRefusedUnlessItIsToBeCreated() throws Exception {
        Cli.Result refused = round();

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("The inbox " + inbox() + " does not exist: check --inbox, or give "
                + "--create-inbox to create it.");
        assertThat(inbox()).doesNotExist();

        Cli.Result created = round("--create-inbox");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(inbox()).isDirectory();
        assertThat(inbox().resolve("processed")).isDirectory();
    }

    @Test
    void aDroppedFileIsRunOnceAndMovedWithItsReportAndTheSameFileDroppedAgainIsSkipped() throws Exception {
        drop("monday.csv", Duration.ofMinutes(1), 0, 1, 2);

        Cli.Result first = round();

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(fixture.received()).hasSize(3);
        Path processed = inbox().resolve("processed");
        assertThat(inbox().resolve("monday.csv")).doesNotExist();
        assertThat(processed.resolve("monday.csv")).exists();
        assertThat(Files.readString(processed.resolve("monday.csv.report.csv"), StandardCharsets.UTF_8))
            .contains(Tenant.upn(0), Tenant.upn(1), Tenant.upn(2), "NOTIFIED");
        assertThat(first.out()).contains("Moved to " + processed.resolve("monday.csv"));
        String html = Files.readString(processed.resolve("monday.csv.report.html"), StandardCharsets.UTF_8);
        assertThat(html).as("the page people read has the run's counts")
            .containsPattern("<tr class=\"s-NOTIFIED\"><th scope=\"row\" class=\"st\">.*NOTIFIED</th>"
                    + "<td class=\"num\">3</td>")
            .contains("<th scope=\"row\">Total rows</th><td class=\"num\">3</td>", "Run 1: monday.csv",
                    "<td>User 0</td>", "the embedded directory");

        drop("monday.csv", Duration.ofMinutes(1), 0, 1, 2);
        Cli.Result again = round();

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(fixture.received()).as("nobody is reset or told twice").hasSize(3);
        assertThat(inbox().resolve("monday.csv")).doesNotExist();
        List<Path> skippedNotes;
        try (var files = Files.list(processed)) {
            skippedNotes = files.filter((f) -> f.getFileName().toString().endsWith(".skipped.txt")).toList();
        }
        assertThat(skippedNotes).hasSize(1);
        assertThat(Files.readString(skippedNotes.get(0))).contains("was already processed by run 1");
        assertThat(fixture.database().query("SELECT * FROM BATCH_JOB_INSTANCE")).hasSize(1);
    }

    @Test
    void aFileThatCannotBeRunGoesToFailedWithTheReasonBesideIt() throws Exception {
        Files.createDirectories(inbox());
        Files.writeString(inbox().resolve("export.csv"), "name,email\nAda,ada@example.net\n");
        Files.setLastModifiedTime(inbox().resolve("export.csv"), FileTime.from(Instant.now().minusSeconds(60)));
        drop("good.csv", Duration.ofSeconds(30), 3);

        Cli.Result result = round();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(inbox().resolve("failed/export.csv")).exists();
        assertThat(Files.readString(inbox().resolve("failed/export.csv.error.txt")))
            .contains("no user principal name column");
        assertThat(inbox().resolve("processed/good.csv")).as("a bad file does not hold up the others").exists();
        assertThat(fixture.received()).hasSize(1);
        assertThat(result.all()).doesNotContain("Exception");
    }

    @Test
    void aBrokenTemplateLeavesEveryFileInTheInboxInsteadOfFailingThem() throws Exception {
        drop("monday.csv", Duration.ofMinutes(1), 0, 1);
        Path broken = Files.createDirectories(fixture.work().resolve("templates/en")).resolve("message.txt");
        Files.writeString(broken, "Hello [(${displayName})]! Call us.");

        Cli.Result result = round("--templates", fixture.work().resolve("templates").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("The template " + broken + " does not show the password",
                "No file was run; they stay in the inbox.");
        assertThat(inbox().resolve("monday.csv")).exists();
        assertThat(inbox().resolve("failed/monday.csv")).doesNotExist();
        assertThat(fixture.received()).isEmpty();
    }

    @Test
    void aFileStillBeingWrittenIsLeftForALaterRoundAndOtherFilesAreIgnored() throws Exception {
        drop("half-copied.csv", Duration.ZERO, 4);
        drop(".hidden.csv", Duration.ofMinutes(5), 5);
        drop("notes.docx", Duration.ofMinutes(5), 6);

        Cli.Result result = round("--settle", "10m");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(inbox().resolve("half-copied.csv")).exists();
        assertThat(inbox().resolve(".hidden.csv")).exists();
        assertThat(inbox().resolve("notes.docx")).exists();
        assertThat(fixture.received()).isEmpty();
    }

    @Test
    void aRunStoppedByTheDailyLimitIsContinuedBeforeAnyNewFile() throws Exception {
        drop("first.csv", Duration.ofMinutes(10), 0, 1, 2, 3, 4, 5);

        Cli.Result day1 = round("--daily-limit", "4");

        assertThat(day1.exitCode()).as(day1.toString()).isEqualTo(4);
        assertThat(fixture.received()).hasSize(4);
        assertThat(inbox().resolve("first.csv")).as("left for the next round").exists();

        drop("second.csv", Duration.ofMinutes(5), 6, 7, 8, 9);
        fixture.database().timePasses(Duration.ofHours(25));
        Cli.Result day2 = round("--daily-limit", "4");

        assertThat(day2.exitCode()).as(day2.toString()).isEqualTo(4);
        assertThat(day2.out().indexOf("first.csv")).as("the stopped run goes first").isLessThan(
                day2.out().indexOf("second.csv"));
        assertThat(inbox().resolve("processed/first.csv")).exists();
        assertThat(inbox().resolve("second.csv")).exists();
        assertThat(fixture.received()).hasSize(6);

        fixture.database().timePasses(Duration.ofHours(25));
        Cli.Result day3 = round("--daily-limit", "4");

        assertThat(day3.exitCode()).as(day3.toString()).isZero();
        assertThat(inbox().resolve("processed/second.csv")).exists();
        assertThat(fixture.received()).hasSize(10);
        assertThat(fixture.database().query("SELECT DISTINCT UPN_KEY FROM RESEND_LEDGER WHERE STATUS = 'NOTIFIED'"))
            .hasSize(10);
    }

    @Test
    void eachRoundReplacesExpiredTemporaryPasswords() throws Exception {
        drop("first.csv", Duration.ofMinutes(10), 0, 1);
        assertThat(round("--temp-password-ttl", "24h").exitCode()).isZero();
        fixture.database().timePasses(Duration.ofHours(25));

        Cli.Result next = round();

        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.out()).contains("Replaced 2 expired temporary passwords");
        assertThat(fixture.database().query("SELECT * FROM RESEND_LEDGER WHERE STATUS = 'EXPIRED'")).hasSize(2);
    }

    @Test
    void aRoundReplacesExpiredPasswordsBeforeItRunsNewFilesSoAUserInBothIsToldAFreshOne() throws Exception {
        drop("first.csv", Duration.ofMinutes(10), 0, 1);
        assertThat(round("--temp-password-ttl", "24h").exitCode()).isZero();
        fixture.database().timePasses(Duration.ofHours(25));
        drop("second.csv", Duration.ofMinutes(10), 0, 2);
        fixture.greenMail().reset();

        Cli.Result next = round();

        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.out()).containsSubsequence("Replaced 2 expired temporary passwords", "second.csv",
                "Moved to ");
        assertThat(fixture.database().query("SELECT UPN_KEY, STATUS FROM RESEND_LEDGER WHERE JOB_INSTANCE_ID = 2 "
                + "ORDER BY UPN_KEY")).extracting((row) -> row.get("UPN_KEY") + " " + row.get("STATUS"))
            .containsExactly(Tenant.upn(0) + " NOTIFIED", Tenant.upn(2) + " NOTIFIED");
        assertThat(fixture.received()).hasSize(2);
        for (MimeMessage message : fixture.received()) {
            assertThat(fixture.database().passwordMatches(Mails.account(message), Mails.password(message)))
                .as("%s can sign in with the password just sent", Mails.account(message)).isTrue();
        }
    }
}
