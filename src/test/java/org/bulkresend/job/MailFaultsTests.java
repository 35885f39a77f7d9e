package org.bulkresend.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.bulkresend.support.SmtpRelay;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The ways a mail server lets a run down, each ending exact. */
class MailFaultsTests {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path work;

    Cli cli;

    EmbeddedDatabase database;

    @BeforeEach
    void importSampleDirectory() {
        this.cli = new Cli(this.work);
        this.database = new EmbeddedDatabase(this.cli.dataDir());
        this.cli.run("directory", "import", ResendJobTests.SAMPLES.resolve("directory.csv").toString());
    }

    Cli.Result run(SmtpRelay relay, String... extra) {
        String[] args = { "run", "--input", ResendJobTests.SAMPLES.resolve("new-hires.csv").toString(), "--smtp-host",
                "127.0.0.1", "--smtp-port", String.valueOf(relay.port()), "--from", "helpdesk@contoso.example",
                "--chunk-size", "10", "--bulk-resend.mail.retry.delay=20ms", "--bulk-resend.mail.retry.max-delay=100ms" };
        return this.cli.run(Stream.concat(Stream.of(args), Stream.of(extra)).toArray(String[]::new));
    }

    void assertEachToldOnceWithTheirPassword(int expected) {
        Mails.assertEachToldOnceWithTheirPassword(greenMail.getReceivedMessages(), this.database, expected);
    }

    @Test
    void aRecipientRefusedForGoodEndsNotifyRejectedWithTheServersReplyAndTheOthersGoOn() throws Exception {
        try (SmtpRelay relay = new SmtpRelay(greenMail.getSmtp().getPort())) {
            relay.refuseRecipient("joni.sherman@example.net");

            Cli.Result result = run(relay);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            Map<String, List<String>> report = ResendJobTests.report(result);
            assertThat(report.get("4").get(4)).isEqualTo("NOTIFY_REJECTED");
            assertThat(report.get("4").get(5)).contains("550 5.1.1", "User unknown");
            assertThat(result.out()).contains("NOTIFIED                            25", "NOTIFY_REJECTED                      1");
            assertEachToldOnceWithTheirPassword(25);
        }
    }

    @Test
    void aConnectionDroppedHalfwayThroughAChunkIsRetriedWithoutSendingAnythingTwice() throws Exception {
        try (SmtpRelay relay = new SmtpRelay(greenMail.getSmtp().getPort())) {
            // connection 1 is preflight's check; the first chunk's connection drops after 5 messages.
            relay.accept((connection) -> {
                if (connection == 2) {
                    relay.dropOnceAfterMessages(5);
                }
                return true;
            });

            Cli.Result result = run(relay);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.out()).contains("NOTIFIED                            26").doesNotContain("RESET_NOT_NOTIFIED");
            assertEachToldOnceWithTheirPassword(26);
            assertThat(this.database.query("SELECT * FROM RESEND_LEDGER WHERE STATUS = 'NOTIFIED' AND ATTEMPTS <> 1"))
                .as("the retry sent the same message again; nobody was reset twice")
                .isEmpty();
        }
    }

    @Test
    void aStalledServerCannotHangTheRunAndRestartFinishesOnceItIsBack() throws Exception {
        try (SmtpRelay relay = new SmtpRelay(greenMail.getSmtp().getPort())) {
            relay.stall((connection) -> connection >= 3);

            Cli.Result stalled = run(relay, "--smtp-timeout", "1");

            assertThat(stalled.exitCode()).as(stalled.toString()).isEqualTo(3);
            assertThat(stalled.err()).contains("stopped accepting messages", "10 users of the last chunk");
            assertThat(greenMail.getReceivedMessages()).hasSize(10);

            relay.stall((connection) -> false);
            Cli.Result finished = this.cli.run("restart", "--smtp-host", "127.0.0.1", "--smtp-port",
                    String.valueOf(relay.port()), "--from", "helpdesk@contoso.example", "--smtp-timeout", "1");

            assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(1);
            assertThat(finished.out()).contains("NOTIFIED                            26");
            assertEachToldOnceWithTheirPassword(26);
            Cli.Result status = this.cli.run("status");
            assertThat(status.out()).contains("execution 1", "FAILED", "The mail channel stopped accepting messages",
                    "execution 2", "COMPLETED", "rows: NOTIFIED 26");

            Cli.Result nothing = this.cli.run("restart");
            assertThat(nothing.exitCode()).isZero();
            assertThat(nothing.out()).contains("Nothing to restart: every run finished.");
            Cli.Result completed = this.cli.run("restart", "2");
            assertThat(completed.exitCode()).isEqualTo(2);
            assertThat(completed.err()).contains("Run 1 is completed: there is nothing to restart");
            Cli.Result unknown = this.cli.run("restart", "99");
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err()).contains("There is no execution 99");
        }
    }
}
