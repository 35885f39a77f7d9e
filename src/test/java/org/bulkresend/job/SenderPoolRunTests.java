package org.bulkresend.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool of sending mailboxes through the real command line and a real SMTP server: the messages
 * spread over the mailboxes, each within its own daily limit, the pool kept when the run is
 * continued, replies to the helpdesk, and a pool file's mistakes named before anything changes.
 */
class SenderPoolRunTests {

    static final String IT1 = "it1@contoso.example";

    static final String IT2 = "it2@contoso.example";

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withTenant(20).sender(IT1 + ",Contoso IT <" + IT2 + ">");

    Cli.Result run(String... extra) {
        return fixture.run(fixture.input(), extra);
    }

    /** How many of the received messages each mailbox sent. */
    static Map<String, Long> bySender() {
        return Arrays.stream(fixture.received())
            .collect(Collectors.groupingBy(address(MimeMessage::getFrom), Collectors.counting()));
    }

    static Function<MimeMessage, String> address(Header header) {
        return (message) -> {
            try {
                Address[] addresses = header.of(message);
                return ((InternetAddress) addresses[0]).getAddress();
            }
            catch (MessagingException ex) {
                throw new IllegalStateException(ex);
            }
        };
    }

    interface Header {

        Address[] of(MimeMessage message) throws MessagingException;
    }

    /** Moves every message of the audit trail a day back, as tomorrow would. */
    static void nextDay() {
        fixture.database().update("UPDATE AUDIT_EVENT SET OCCURRED_AT = OCCURRED_AT - INTERVAL '25' HOUR");
    }

    @Test
    void eachMailboxSendsWithinItsOwnDailyLimitAndTheContinuedRunKeepsThePool() {
        Cli.Result first = run("--daily-limit", "5", "--chunk-size", "5");

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(4);
        assertThat(first.err()).contains("The daily limits of the 2 sending mailboxes are reached: " + IT1
                + " 5 of 5, " + IT2 + " 5 of 5 were sent in the last 24 hours, room for 0 more");
        assertThat(bySender()).isEqualTo(Map.of(IT1, 5L, IT2, 5L));
        assertThat(fixture.database().passwordHashes()).as("nobody reset beyond the pool's limits").hasSize(10);
        assertThat(first.out()).contains("Messages: SMTP server 127.0.0.1:" + fixture.smtpPort() + ", from " + IT1
                + ", " + IT2, "Senders:  5 by this run from " + IT1 + ": 5 of 5 messages in the last 24 hours",
                "          5 by this run from " + IT2 + ": 5 of 5 messages in the last 24 hours");
        Cli.Result status = fixture.cli().run("status");
        assertThat(status.out()).contains("  messages from: " + IT1 + " 5, " + IT2 + " 5",
                "Sending mailboxes, messages in the last 24 hours (each mailbox's --daily-limit counts these): " + IT1
                        + " 5, " + IT2 + " 5");
        Cli.Result json = fixture.cli().run("status", "--json");
        assertThat(json.out()).contains("\"senders\":{\"" + IT1 + "\":5,\"" + IT2 + "\":5}");

        nextDay();
        List<String> restart = new ArrayList<>(List.of("restart", "--daily-limit", "5"));
        restart.addAll(fixture.operatorOptions());
        Cli.Result second = fixture.cli().run(restart.toArray(String[]::new));

        assertThat(second.exitCode()).as("the restart names no sender: the run's own pool sends\n" + second)
            .isZero();
        assertThat(bySender()).isEqualTo(Map.of(IT1, 10L, IT2, 10L));
        fixture.assertEachToldOnceWithTheirPassword(20);
    }

    @Test
    void repliesGoToTheHelpdeskWhicheverMailboxSent() {
        Cli.Result result = run("--reply-to", "Contoso Helpdesk <helpdesk@contoso.example>");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(bySender()).isEqualTo(Map.of(IT1, 10L, IT2, 10L));
        assertThat(Arrays.stream(fixture.received()).map(address(MimeMessage::getReplyTo)))
            .hasSize(20)
            .containsOnly("helpdesk@contoso.example");
        assertThat(result.out()).contains("replies to Contoso Helpdesk <helpdesk@contoso.example>");
    }

    @Test
    void aPoolFileGivesEachMailboxItsOwnLimit() throws Exception {
        Path pool = Files.writeString(fixture.work().resolve("senders.txt"), """
                # Contoso's sending mailboxes
                %s daily-limit=4
                Contoso IT <%s> daily-limit=8
                """.formatted(IT1, IT2));

        Cli.Result result = withoutFrom("--sender-pool", pool.toString(), "--chunk-size", "4");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(bySender()).isEqualTo(Map.of(IT1, 4L, IT2, 8L));
    }

    @Test
    void aWrongPoolFileIsRefusedNamingTheLineBeforeAnythingChanges() throws Exception {
        Path pool = Files.writeString(fixture.work().resolve("senders.txt"), IT1 + "\n" + IT2 + " rate=fast\n");

        Cli.Result result = withoutFrom("--sender-pool", pool.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("--sender-pool " + pool + " line 2: rate=fast: 'fast' is not a rate",
                "Nothing was changed.")
            .doesNotContain("Exception");
        assertThat(fixture.received()).isEmpty();
        assertThat(fixture.database().passwordHashes()).isEmpty();
        assertThat(fixture.cli().run("status").out()).contains("No runs yet.");

        Cli.Result both = run("--sender-pool", pool.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("Both --from and --sender-pool name the senders: give one of them");
    }

    /** A run with the SMTP server and operator, but no {@code --from}. */
    Cli.Result withoutFrom(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--input", fixture.input().toString(), "--smtp-host",
                "127.0.0.1", "--smtp-port", String.valueOf(fixture.smtpPort())));
        args.addAll(fixture.operatorOptions());
        args.addAll(List.of(extra));
        return fixture.cli().run(args.toArray(String[]::new));
    }
}
