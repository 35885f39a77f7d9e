package org.bulkresend.job;

import java.nio.file.Files;

import org.bulkresend.report.ReportWriter;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Reports;
import org.bulkresend.support.SmtpRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The ways a mail server lets a run down, each ending exact. */
class MailFaultsTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso().withRelay();

    /** Contoso's new hires through the relay, in chunks of 10, retrying quickly. */
    Cli.Result run(String... extra) {
        return fixture.runInChunksOfTen(extra);
    }

    @Test
    void aRecipientRefusedForGoodEndsNotifyRejectedWithTheServersReplyAndTheOthersGoOn() throws Exception {
        SmtpRelay relay = fixture.relay();
        relay.refuseRecipient("joni.sherman@example.net");

        Cli.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Reports.Row joni = Reports.report(result).row("joni.sherman@contoso.example");
        assertThat(joni.status()).isEqualTo("NOTIFY_REJECTED");
        assertThat(joni.reason()).contains("550 5.1.1", "User unknown");
        assertThat(joni.reason()).as("the server's reply quotes the address; the report masks it as its address column does")
            .contains("<j***@example.net>").doesNotContain("joni.sherman@example.net");
        assertThat(Files.readString(ReportWriter.htmlBeside(Reports.path(result)))).contains("j***@example.net")
            .doesNotContain("joni.sherman@example.net");
        assertThat(result.out()).contains("NOTIFIED                            25", "NOTIFY_REJECTED                      1");
        fixture.assertEachToldOnceWithTheirPassword(25);
    }

    @Test
    void aConnectionDroppedHalfwayThroughAChunkIsRetriedWithoutSendingAnythingTwice() throws Exception {
        SmtpRelay relay = fixture.relay();
        // connection 1 is preflight's check; the first chunk's connection drops after 5 messages.
        relay.accept((connection) -> {
            if (connection == 2) {
                relay.dropOnceAfterMessages(5);
            }
            return true;
        });

        Cli.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("NOTIFIED                            26").doesNotContain("RESET_NOT_NOTIFIED");
        fixture.assertEachToldOnceWithTheirPassword(26);
        assertThat(fixture.database().query("SELECT * FROM RESEND_LEDGER WHERE STATUS = 'NOTIFIED' AND ATTEMPTS <> 1"))
            .as("the retry sent the same message again; nobody was reset twice")
            .isEmpty();
    }

    @Test
    void aStalledServerCannotHangTheRunAndRestartFinishesOnceItIsBack() throws Exception {
        SmtpRelay relay = fixture.relay();
        relay.stall((connection) -> connection >= 3);

        Cli.Result stalled = run("--smtp-timeout", "1");

        assertThat(stalled.exitCode()).as(stalled.toString()).isEqualTo(3);
        assertThat(stalled.err()).contains("stopped accepting messages", "10 users of the last chunk");
        assertThat(fixture.received()).hasSize(10);

        relay.stall((connection) -> false);
        Cli.Result finished = fixture.cli().run("restart", "--smtp-host", "127.0.0.1", "--smtp-port",
                String.valueOf(relay.port()), "--from", "helpdesk@contoso.example", "--smtp-timeout", "1");

        assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(1);
        assertThat(finished.out()).contains("NOTIFIED                            26");
        fixture.assertEachToldOnceWithTheirPassword(26);
        Cli.Result status = fixture.cli().run("status");
        assertThat(status.out()).contains("execution 1", "FAILED", "The mail channel stopped accepting messages",
                "execution 2", "COMPLETED", "rows: NOTIFIED 26");

        Cli.Result nothing = fixture.cli().run("restart");
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.out()).contains("Nothing to restart: every run finished.");
        Cli.Result completed = fixture.cli().run("restart", "2");
        assertThat(completed.exitCode()).isEqualTo(2);
        assertThat(completed.err()).contains("Run 1 is completed: there is nothing to restart");
        Cli.Result unknown = fixture.cli().run("restart", "99");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("There is no execution 99");
    }
}
