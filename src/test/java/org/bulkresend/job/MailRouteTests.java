package org.bulkresend.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Told correctly once (design: 'told correctly once'): the way out is explicit and tried before
 * anyone is reset, and a fault of the route (the sender refused, every recipient put off or
 * refused) stops the resets at once instead of locking every user out. Each scenario drives the command line
 * against a real SMTP server (GreenMail) behind a relay that answers as misconfigured servers do.
 */
class MailRouteTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso().withRelay();

    /** Contoso's new hires through the relay, in chunks of 10, retrying quickly. */
    Cli.Result run(String... extra) {
        return fixture.runInChunksOfTen(extra);
    }

    long usersWithStatus(String status) {
        return fixture.database().ledger().stream().filter((row) -> status.equals(row.get("STATUS"))).count();
    }

    @Test
    void theProbeOffersTheSenderAndTakesItBackBeforeTheFirstReset() {
        Cli.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        List<String> probe = fixture.relay().commands().stream().filter((command) -> command.startsWith("1 ")).toList();
        assertThat(probe).contains("1 MAIL FROM:<helpdesk@contoso.example>", "1 RSET")
            .noneMatch((command) -> command.startsWith("1 RCPT") || command.startsWith("1 DATA"));
        fixture.assertEachToldOnceWithTheirPassword(26);
    }

    @Test
    void aServerThatRefusesTheSenderStopsTheRunBeforeAnyoneIsReset() {
        Map<String, String> before = fixture.database().passwordHashes();
        fixture.relay().answer("MAIL FROM", "550 5.7.60 SMTP; Client does not have permissions to send as this sender");

        Cli.Result result = run();

        assertThat(result.exitCode()).as("a refused sender is a setting to fix\n" + result).isEqualTo(2);
        assertThat(result.err()).contains("refused the sender helpdesk@contoso.example",
                "550 5.7.60 SMTP; Client does not have permissions to send as this sender", "Nothing was changed.")
            .doesNotContain("Exception");
        assertThat(fixture.database().passwordHashes()).isEqualTo(before);
        assertThat(fixture.database().ledger()).isEmpty();
        assertThat(fixture.cli().run("status").out()).doesNotContain("execution 1");
        assertThat(fixture.relay().connections()).as("no retries for a refusal").isEqualTo(1);
    }

    @Test
    void aServerThatWantsAuthenticationSaysSoBeforeAnyoneIsReset() {
        fixture.relay().answer("MAIL FROM", "530 5.7.57 Client not authenticated to send mail");

        Cli.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("wants authentication", "530 5.7.57", "SPRING_MAIL_USERNAME");
        assertThat(fixture.database().ledger()).isEmpty();
    }

    @Test
    void aSenderRefusedInTheMiddleOfTheRunStopsItAfterThatChunkAndTheSameCommandTellsThemOnce() throws Exception {
        // Connection 1 is the probe, 2 the first chunk; from the second chunk on the server refuses the sender.
        fixture.relay().answer("MAIL FROM", "550 5.7.1 Sender quota exceeded", (connection) -> connection >= 3);

        Cli.Result stopped = run();

        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(3);
        assertThat(stopped.err()).contains("refused the sender", "550 5.7.1 Sender quota exceeded",
                "users of the last chunk are reset but not told");
        assertThat(fixture.relay().connections()).as("a refusal is not retried").isEqualTo(3);
        Map<String, List<String>> report = Reports.read(stopped);
        long untold = report.values().stream().filter((row) -> row.get(4).equals("RESET_NOT_NOTIFIED")).count();
        assertThat(untold).as("only the second chunk waits").isBetween(1L, 10L);
        assertThat(usersWithStatus("NOTIFY_REJECTED")).as("the sender's refusal is not the recipients'").isZero();
        int toldFirst = fixture.received().length;
        assertThat(fixture.database().passwordHashes()).as("nobody after the second chunk was reset")
            .hasSizeLessThanOrEqualTo(toldFirst + (int) untold + 1);

        fixture.relay().answerNothing();
        Cli.Result finished = run();

        assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(1);
        assertThat(finished.out()).contains("NOTIFIED                            26").doesNotContain("RESET_NOT_NOTIFIED");
        fixture.assertEachToldOnceWithTheirPassword(26);
    }

    @Test
    void everyRecipientPutOffStopsTheRunAfterOneChunkInsteadOfResettingEveryone() throws Exception {
        fixture.relay().answer("RCPT TO", "451 4.7.1 Greylisted, try again later", (connection) -> connection >= 2);

        Cli.Result stopped = run();

        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(3);
        assertThat(stopped.err()).contains("451 4.7.1 Greylisted");
        assertThat(fixture.received()).isEmpty();
        long untold = usersWithStatus("RESET_NOT_NOTIFIED");
        assertThat(untold).as("the first chunk's users, and nobody else").isBetween(2L, 10L);
        assertThat(fixture.database().query("SELECT * FROM DIRECTORY_USER WHERE PASSWORD_LAST_SET IS NOT NULL "
                + "AND MUST_CHANGE_PASSWORD = TRUE")).hasSizeLessThanOrEqualTo((int) untold);
        assertThat(fixture.relay().connections()).as("the chunk was retried before the run gave up").isGreaterThan(2);

        fixture.relay().answerNothing();
        Cli.Result finished = run();

        assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(1);
        fixture.assertEachToldOnceWithTheirPassword(26);
        assertThat(fixture.database().query("SELECT * FROM RESEND_LEDGER WHERE ATTEMPTS > 2"))
            .as("reset once while mail was down, once more to be told, never more").isEmpty();
    }

    @Test
    void recipientsRefusedOneAfterAnotherAreTheServersFaultAndWaitForTheSameCommand() throws Exception {
        fixture.relay().answer("RCPT TO", "550 5.7.1 Unable to relay", (connection) -> connection >= 2);

        Cli.Result stopped = run("--bulk-resend.mail.stop-after-failures=4");

        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(3);
        assertThat(stopped.err()).contains("4 messages in a row were refused", "550 5.7.1 Unable to relay");
        assertThat(usersWithStatus("NOTIFY_REJECTED")).as("not the users' fault").isZero();
        assertThat(Reports.read(stopped).values().stream().filter((row) -> row.get(4).equals("RESET_NOT_NOTIFIED"))
            .map((row) -> row.get(5)).toList()).isNotEmpty()
            .allSatisfy((reason) -> assertThat(reason).contains("run the same command again"));

        fixture.relay().answerNothing();
        Cli.Result finished = run("--bulk-resend.mail.stop-after-failures=4");

        assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(1);
        fixture.assertEachToldOnceWithTheirPassword(26);
    }

    @Test
    void aRestartWithoutMailOptionsSendsTheWayTheRunStartedNeverToTheOutbox() throws Exception {
        fixture.relay().accept((connection) -> connection <= 1);
        Cli.Result failed = run();
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(3);

        fixture.relay().accept((connection) -> true);
        Cli.Result restarted = fixture.cli().run("restart", "--bulk-resend.mail.retry.delay=20ms");

        assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(1);
        assertThat(restarted.out()).contains("Messages: SMTP server 127.0.0.1:" + fixture.relay().port());
        fixture.assertEachToldOnceWithTheirPassword(26);
        assertThat(fixture.cli().outDir().resolve("outbox")).doesNotExist();
    }

    @Test
    void aDifferentRouteOnRestartIsTheAdminsExplicitChoiceAndIsSaid() throws Exception {
        fixture.relay().accept((connection) -> connection <= 1);
        assertThat(run().exitCode()).isEqualTo(3);

        Cli.Result restarted = fixture.cli().run("restart", "--mail", "outbox");

        assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(1);
        assertThat(restarted.out()).contains("started with SMTP server 127.0.0.1:" + fixture.relay().port(),
                "it continues with outbox folder, as this command asks");
        try (Stream<Path> files = Files.list(fixture.cli().outDir().resolve("outbox"))) {
            assertThat(files.count()).as("the users the first attempt did not tell").isPositive();
        }
    }

    @Test
    void aSenderThatIsNotAnAddressIsRefusedBeforeAnyoneIsReset() {
        Map<String, String> before = fixture.database().passwordHashes();

        Cli.Result result = fixture.cli().run("run", "--input", fixture.input().toString(),
                "--smtp-host", "127.0.0.1", "--smtp-port", String.valueOf(fixture.relay().port()), "--from",
                "not an address");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("--from 'not an address' is not an email address", "Nothing was changed.")
            .doesNotContain("Exception");
        assertThat(fixture.database().passwordHashes()).isEqualTo(before);
        assertThat(fixture.relay().connections()).isZero();
    }

    @Test
    void aSenderWithADisplayNameIsTheFromHeaderAndItsDomainNamesTheMessageIds() throws Exception {
        Cli.Result result = fixture.cli().run("run", "--input", fixture.input().toString(),
                "--smtp-host", "127.0.0.1", "--smtp-port", String.valueOf(fixture.relay().port()), "--from",
                "Contoso IT <it-helpdesk@contoso.example>");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        MimeMessage message = fixture.received()[0];
        InternetAddress from = (InternetAddress) message.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("it-helpdesk@contoso.example");
        assertThat(from.getPersonal()).isEqualTo("Contoso IT");
        assertThat(message.getMessageID()).matches("<[^<>@\\s]+@contoso\\.example>");
        assertThat(fixture.relay().commands()).contains("1 MAIL FROM:<it-helpdesk@contoso.example>");
    }
}
