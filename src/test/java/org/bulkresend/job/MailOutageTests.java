package org.bulkresend.job;

import java.util.HashMap;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.bulkresend.support.SmtpRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No silent lockout (design: 'no silent lockout'): the mail server goes down after the first
 * chunk. The run retries, then stops at that chunk instead of resetting everyone after it; the
 * users it could not tell end RESET_NOT_NOTIFIED, and the same command, once mail is back, tells
 * each of them with a fresh password while nobody already told is reset again.
 */
class MailOutageTests {

    @RegisterExtension
    final BulkResendFixture fixture = fixture();

    /** What the tests stand on; {@link PostgresMailOutageTests} runs them on PostgreSQL. */
    BulkResendFixture fixture() {
        return BulkResendFixture.withContoso().withRelay();
    }

    @Test
    void usersResetButNotToldAreRedoneByTheNextRunAndNobodyElseIsTouched() throws Exception {
        EmbeddedDatabase database = fixture.database();
        SmtpRelay relay = fixture.relay();
        String[] quick = { "--chunk-size", "10", "--bulk-resend.mail.retry.delay=20ms",
                "--bulk-resend.mail.retry.max-delay=100ms" };
        // connection 1: preflight's check; connection 2: the first chunk (lines 2-11); then the server is down.
        relay.accept((connection) -> connection <= 2);

        Cli.Result outage = fixture.run(fixture.input(), quick);

        assertThat(outage.exitCode()).as(outage.toString()).isEqualTo(3);
        assertThat(outage.err()).contains("stopped accepting messages", "10 users of the last chunk",
                "Run the same command again");
        assertThat(outage.out()).contains("Report so far:", "RESET_NOT_NOTIFIED                  10",
                "NOTIFIED                            10", "TOTAL ROWS                          20");
        assertThat(relay.connections()).as("the chunk was retried before the run stopped").isGreaterThan(3);
        int firstOfSecondChunk = 2 + 10; // the rows start at line 2, in chunks of 10
        Reports.Row waiting = Reports.report(outage).line(firstOfSecondChunk);
        assertThat(waiting.status()).isEqualTo("RESET_NOT_NOTIFIED");
        assertThat(waiting.reason()).contains("the message was not sent");
        assertThat(fixture.received()).hasSize(10);
        assertThat(database.passwordHashes()).as("nobody after the failed chunk was reset").hasSize(20)
            .doesNotContainKeys("wang.xiaoming@contoso.example", "tanaka.aoi@contoso.example");
        Map<String, String> toldFirst = new HashMap<>();
        for (MimeMessage message : fixture.received()) {
            String account = Mails.account(message);
            toldFirst.put(account, database.user(account).get("PASSWORD_HASH").toString());
        }

        relay.accept((connection) -> true);
        Cli.Result recovered = fixture.run(fixture.input(), quick);

        assertThat(recovered.exitCode()).as("only the problem rows of the file remain\n" + recovered).isEqualTo(1);
        assertThat(recovered.out()).contains("NOTIFIED                            26").doesNotContain("RESET_NOT_NOTIFIED");
        MimeMessage[] all = fixture.received();
        assertThat(all).as("each user told exactly once").hasSize(26);
        Map<String, MimeMessage> last = new HashMap<>();
        for (MimeMessage message : all) {
            last.put(Mails.account(message), message);
        }
        assertThat(last).hasSize(26);
        last.forEach((account, message) -> assertThat(database.passwordMatches(account, Mails.password(message)))
            .as("the password %s was told is the one the directory holds", account)
            .isTrue());
        toldFirst.forEach((account, hash) -> assertThat(database.user(account).get("PASSWORD_HASH"))
            .as("%s was told in the first run and not reset again", account)
            .isEqualTo(hash));
        assertThat(Reports.report(recovered).line(firstOfSecondChunk).status()).isEqualTo("NOTIFIED");
        assertThat(database.query("SELECT ATTEMPTS FROM RESEND_LEDGER WHERE LINE_NUMBER = ?", firstOfSecondChunk)
            .get(0).get("ATTEMPTS"))
            .as("reset once during the outage, once more after it")
            .isEqualTo(2);
    }
}
