package org.bulkresend.directory.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.FakeGraph;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code --time-zone-from-mailbox}, each user's times are written in the time zone of their
 * mailbox, read from Microsoft Graph ({@code GET /users/{id}/mailboxSettings/timeZone}, in the
 * same {@code $batch} as the look-up): a Windows or an IANA name; a user without a mailbox, or
 * whose mailbox has none yet, gets {@code --time-zone}; the row's zone still comes first. Without
 * the permission {@code MailboxSettings.Read}, the run is refused before anything changes.
 */
class GraphMailboxTimeZonesTests {

    static final String OPERATOR = GraphRunTests.OPERATOR;

    @RegisterExtension
    static BulkResendFixture fixture = GraphRunTests.contoso();

    @BeforeEach
    void tenant() {
        GraphRunTests.operatorIn(fixture.graph());
        newHire("sato.haruto@contoso.com", "ja-JP").mail("sato.haruto@contoso.com")
            .mailboxTimeZone("Tokyo Standard Time");
        newHire("giulia.rossi@contoso.com", "it-IT").mail("giulia.rossi@contoso.com").mailboxTimeZone("Europe/Rome");
        newHire("lee.gu@contoso.com", "en-US").mail("lee.gu@contoso.com"); // a mailbox, no zone chosen yet
        newHire("joni.sherman@contoso.com", "en-US"); // no mailbox
        newHire("alex.wilber@contoso.com", "en-US").mail("alex.wilber@contoso.com")
            .mailboxTimeZone("Pacific Standard Time");
    }

    FakeGraph.User newHire(String upn, String language) {
        return fixture.graph().user(upn).displayName(upn.split("@")[0]).preferredLanguage(language)
            .otherMails(upn.split("@")[0] + "@home.example");
    }

    Path input() throws Exception {
        return Files.write(fixture.work().resolve("new-hires.csv"), List.of("userPrincipalName,timeZone",
                "sato.haruto@contoso.com,", "giulia.rossi@contoso.com,", "lee.gu@contoso.com,",
                "joni.sherman@contoso.com,", "alex.wilber@contoso.com,Asia/Taipei"), StandardCharsets.UTF_8);
    }

    @Test
    void eachUserReadsTheExpiryInTheirMailboxsTimeZoneElseTheRuns() throws Exception {
        Cli.Result result = fixture.run(input(), "--time-zone-from-mailbox", "--temp-password-ttl", "72h",
                "--time-zone", "UTC");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, String> zones = Map.of("sato.haruto@contoso.com", "Asia/Tokyo", "giulia.rossi@contoso.com",
                "Europe/Rome", "lee.gu@contoso.com", "UTC", "joni.sherman@contoso.com", "UTC",
                "alex.wilber@contoso.com", "Asia/Taipei");
        Map<String, MimeMessage> received = received();
        assertThat(received).containsOnlyKeys(zones.keySet());
        zones.forEach((user, zone) -> {
            MimeMessage message = received.get(user);
            String language = header(message);
            assertThat(Mails.body(message)).as(user)
                .contains(MessageComposer.expiry(expiry(user), language, ZoneId.of(zone)));
        });
        assertThat(Mails.body(received.get("sato.haruto@contoso.com"))).contains("（日本標準時）");
        List<FakeGraph.Recorded> mailboxReads = fixture.graph().requests().stream()
            .filter((r) -> r.path().endsWith("/mailboxSettings/timeZone") && !r.path().contains(OPERATOR)).toList();
        assertThat(mailboxReads).isNotEmpty().allSatisfy((r) -> assertThat(r.batched()).isTrue());
    }

    @Test
    void aMailboxZoneThatNamesNoZoneLeavesTheRunsAndTheReportSaysSo() throws Exception {
        fixture.graph().user("lee.gu@contoso.com").mailboxTimeZone("Customized Time Zone");

        Cli.Result result = fixture.run(input(), "--time-zone-from-mailbox", "--temp-password-ttl", "72h",
                "--time-zone", "UTC");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Mails.body(received().get("lee.gu@contoso.com")))
            .contains(MessageComposer.expiry(expiry("lee.gu@contoso.com"), "en", ZoneId.of("UTC")));
        assertThat(Reports.report(result).row("lee.gu@contoso.com").reason()).isEqualTo("password reset and message "
                + "accepted (times written in the run's time zone: the directory's time zone 'Customized Time Zone' "
                + "is not one bulk-resend knows)");
    }

    @Test
    void withoutBatchesEachUsersMailboxIsReadOnItsOwn() throws Exception {
        Cli.Result result = fixture.run(input(), "--time-zone-from-mailbox", "--temp-password-ttl", "72h",
                "--time-zone", "UTC", "--bulk-resend.graph.batch=false");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Mails.body(received().get("sato.haruto@contoso.com"))).contains("（日本標準時）");
        assertThat(fixture.graph().requests()).anySatisfy((r) -> {
            assertThat(r.path()).endsWith("/users/sato.haruto@contoso.com/mailboxSettings/timeZone");
            assertThat(r.batched()).isFalse();
        });
    }

    @Test
    void withoutTheOptionNoMailboxIsRead() throws Exception {
        Cli.Result result = fixture.run(input(), "--temp-password-ttl", "72h", "--time-zone", "UTC");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fixture.graph().requests()).noneSatisfy((r) -> assertThat(r.path()).contains("mailboxSettings"));
        assertThat(Mails.body(received().get("sato.haruto@contoso.com"))).contains("（協定世界時）");
    }

    @Test
    void withoutThePermissionTheRunIsRefusedBeforeAnythingChanges() throws Exception {
        fixture.graph().appMayReadMailboxSettings(false);

        Cli.Result result = fixture.run(input(), "--time-zone-from-mailbox", "--temp-password-ttl", "72h");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Microsoft Graph refused to read the mailbox time zone of", "(ErrorAccessDenied: "
                + "Access is denied.", "grant the app the application permission MailboxSettings.Read and give admin "
                + "consent, or leave out --time-zone-from-mailbox.");
        assertThat(fixture.received()).isEmpty();
        for (String user : List.of("sato.haruto@contoso.com", "giulia.rossi@contoso.com", "lee.gu@contoso.com")) {
            assertThat(fixture.graph().resetCount(user)).as(user).isZero();
        }
    }

    private static java.time.Instant expiry(String user) {
        return fixture.database().ledger().stream()
            .filter((row) -> user.equals(row.get("USER_PRINCIPAL_NAME")))
            .map((row) -> ((java.time.OffsetDateTime) row.get("EXPIRES_AT")).toInstant())
            .findFirst().orElseThrow();
    }

    private static String header(MimeMessage message) {
        try {
            return message.getHeader("Content-Language")[0];
        }
        catch (jakarta.mail.MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Map<String, MimeMessage> received() {
        Map<String, MimeMessage> byAccount = new HashMap<>();
        Arrays.stream(fixture.received()).forEach((message) -> byAccount.put(Mails.account(message), message));
        return byAccount;
    }
}
