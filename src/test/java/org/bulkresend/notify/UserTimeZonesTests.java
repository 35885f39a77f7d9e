package org.bulkresend.notify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each user reads when their temporary password stops working in their own time zone: the row's
 * ({@code timeZone} column), else the directory's, else the run's ({@code --time-zone}); by an IANA
 * or a Windows name, never shown as an id. Through the real command line, the embedded directory
 * (the Contoso sample, whose users have time zones) and GreenMail.
 */
class UserTimeZonesTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso();

    @Test
    void eachUserReadsTheExpiryInTheRowsZoneElseTheDirectorysElseTheRuns() throws Exception {
        Path input = Files.writeString(fixture.work().resolve("zones.csv"), """
                userPrincipalName,alternateEmail,timeZone
                grady.archie@contoso.example,grady.archie@example.net,
                giulia.rossi@contoso.example,giulia.rossi@example.net,
                sato.haruto@contoso.example,sato.haruto@example.net,
                camille.dubois@contoso.example,camille.dubois@example.net,tokyo standard time
                chloe.girard@contoso.example,chloe.girard@example.org,Europe/Paris
                """);

        Cli.Result result = fixture.run(input, "--temp-password-ttl", "72h", "--time-zone", "America/New_York");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, String> expected = Map.of(
                "grady.archie@contoso.example", "en America/New_York", // no zone anywhere: the run's
                "giulia.rossi@contoso.example", "it Europe/Rome", // the directory's IANA name
                "sato.haruto@contoso.example", "ja Asia/Tokyo", // the directory's Windows name
                "camille.dubois@contoso.example", "fr Asia/Tokyo", // the row's Windows name wins over Paris
                "chloe.girard@contoso.example", "fr Europe/Paris"); // the row's IANA name over Toronto
        Map<String, OffsetDateTime> expiry = expiries();
        Map<String, MimeMessage> received = received();
        expected.forEach((user, languageAndZone) -> {
            String[] parts = languageAndZone.split(" ");
            String sentence = MessageComposer.expiry(expiry.get(user).toInstant(), parts[0], ZoneId.of(parts[1]));
            String body = Mails.body(received.get(user));
            assertThat(body).as(user).contains(sentence).doesNotContain(parts[1]);
        });
        assertThat(Mails.body(received.get("sato.haruto@contoso.example"))).contains("（日本標準時）");
        assertThat(Mails.body(received.get("camille.dubois@contoso.example"))).contains("(heure normale du Japon)");
        assertThat(Mails.body(received.get("giulia.rossi@contoso.example")))
            .containsPattern("(alle \\d{1,2}|all'1):\\d{2} \\(ora (standard|legale) dell'Europa centrale\\)");
        assertThat(Mails.body(received.get("grady.archie@contoso.example")))
            .containsPattern("\\(Eastern (Standard|Daylight) Time\\)");
    }

    @Test
    void aRowWhoseTimeZoneNamesNoZoneIsRejectedAndItsUserKeepsTheirPassword() throws Exception {
        Path input = Files.writeString(fixture.work().resolve("typo.csv"), """
                userPrincipalName,alternateEmail,timeZone
                giulia.rossi@contoso.example,giulia.rossi@example.net,Europe/Rom
                sato.haruto@contoso.example,sato.haruto@example.net,Asia/Tokyo
                """);

        Cli.Result result = fixture.run(input, "--temp-password-ttl", "72h");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Reports.Row row = Reports.report(result).row("giulia.rossi@contoso.example");
        assertThat(row.status()).isEqualTo("REJECTED_INVALID_ROW");
        assertThat(row.reason()).isEqualTo("time zone 'Europe/Rom' is not a time zone bulk-resend knows; give an "
                + "IANA name such as Europe/Rome or America/New_York, or a Windows name such as W. Europe Standard "
                + "Time, or leave the cell empty for the directory's or the run's");
        assertThat(received()).containsOnlyKeys("sato.haruto@contoso.example");
        assertThat(fixture.database().user("giulia.rossi@contoso.example").get("PASSWORD_HASH")).isNull();
    }

    @Test
    void validateShowsTheTimeZoneColumn() throws Exception {
        Path input = Files.writeString(fixture.work().resolve("tz.csv"), """
                UPN,TZ
                giulia.rossi@contoso.example,Europe/Rome
                """);

        Cli.Result result = Cli.raw("validate", input.toString());

        assertThat(result.out()).contains("time zone            <- 'TZ'");
    }

    @Test
    void theRunsTimeZoneMayBeAWindowsNameAndOneThatNamesNoZoneIsRefusedBeforeAnythingChanges() throws Exception {
        Cli.Result wrong = fixture.run(fixture.input(), "--time-zone", "Central Europe");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("--time-zone: 'Central Europe' is not a time zone; give an IANA name such as "
                + "Europe/Rome or America/New_York, or a Windows name such as W. Europe Standard Time.");
        assertThat(fixture.received()).isEmpty();

        Cli.Result setting = fixture.run(fixture.input(), "--bulk-resend.mail.time-zone=Mars");
        assertThat(setting.exitCode()).isEqualTo(2);
        assertThat(setting.err()).contains("Invalid setting bulk-resend.mail.time-zone: 'Mars' is not a time zone; give "
                + "an IANA name such as Europe/Rome");
        assertThat(fixture.received()).isEmpty();

        Path grady = Files.writeString(fixture.work().resolve("grady.csv"), """
                userPrincipalName,alternateEmail
                grady.archie@contoso.example,grady.archie@example.net
                """);
        Cli.Result windows = fixture.run(grady, "--temp-password-ttl", "72h", "--bulk-resend.mail.time-zone=W. Europe "
                + "Standard Time");
        assertThat(windows.exitCode()).as(windows.toString()).isZero();
        assertThat(Mails.body(received().get("grady.archie@contoso.example")))
            .containsPattern("\\(Central European (Standard|Summer) Time\\)");
    }

    @Test
    void theDirectoryKeepsAndListsEachUsersTimeZoneAndRefusesOneThatNamesNoZone() throws Exception {
        Path file = Files.writeString(fixture.work().resolve("more.csv"), """
                userPrincipalName,displayName,alternateEmail,preferredLanguage,timeZone
                new.hire@contoso.example,New Hire,new.hire@example.net,en-AU,AUS Eastern Standard Time
                other.hire@contoso.example,Other Hire,other.hire@example.net,en,Mars/Olympus
                """);

        Cli.Result imported = fixture.cli().run("directory", "import", file.toString());

        assertThat(imported.exitCode()).isEqualTo(1);
        assertThat(imported.err()).contains("line 3: time zone 'Mars/Olympus' is not a time zone bulk-resend knows");
        Cli.Result list = fixture.cli().run("directory", "list");
        assertThat(list.out()).contains("TIME ZONE").containsPattern("new.hire@contoso.example .* AUS Eastern "
                + "Standard Time").containsPattern("giulia.rossi@contoso.example .* Europe/Rome")
            .doesNotContain("other.hire");
    }

    @Test
    void aDataDirectoryFromBeforeTimeZonesGetsTheColumnAndKeepsItsUsers() {
        fixture.database().forgetMigrations();
        fixture.database().update("ALTER TABLE DIRECTORY_USER DROP COLUMN TIME_ZONE");
        fixture.database().update("ALTER TABLE RESEND_LEDGER DROP COLUMN MESSAGE_TIME_ZONE");

        Cli.Result result = fixture.run(fixture.input(), "--temp-password-ttl", "72h");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(fixture.received()).isNotEmpty();
        assertThat(fixture.database().user("giulia.rossi@contoso.example")).containsEntry("TIME_ZONE", null);
        assertThat(fixture.database().query("SELECT COUNT(*) AS N FROM RESEND_LEDGER WHERE MESSAGE_TIME_ZONE IS NULL"))
            .containsExactly(Map.of("N", (long) fixture.database().ledger().size()));
    }

    @Test
    void theLedgerKeepsEachUsersZoneSoThatAFollowUpTellsThemInItAgain() throws Exception {
        Path input = Files.writeString(fixture.work().resolve("follow.csv"), """
                userPrincipalName,alternateEmail,timeZone
                grady.archie@contoso.example,grady.archie@example.net,Asia/Tokyo
                johanna.lorenz@contoso.example,johanna.lorenz@example.net,
                """);
        Cli.Result first = fixture.run(input, "--temp-password-ttl", "72h", "--time-zone", "America/New_York");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(fixture.database().query("SELECT USER_PRINCIPAL_NAME, MESSAGE_TIME_ZONE FROM RESEND_LEDGER "
                + "ORDER BY LINE_NUMBER")).extracting((row) -> row.get("MESSAGE_TIME_ZONE"))
            .as("the row's zone; none of her own").containsExactly("Asia/Tokyo", null);
        fixture.database().timePasses(java.time.Duration.ofDays(4));
        fixture.greenMail().reset();

        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("followup", "--resend",
                "--older-than", "3d", "--time-zone", "America/New_York", "--temp-password-ttl", "72h"));
        args.addAll(java.util.List.of("--operator", Cli.OPERATOR, "--operator-password-file",
                fixture.cli().passwordFile(Cli.OPERATOR_PASSWORD)));
        args.addAll(fixture.smtpOptions());
        Cli.Result resent = fixture.cli().run(args.toArray(String[]::new));

        assertThat(resent.exitCode()).as(resent.toString()).isZero();
        Map<String, MimeMessage> received = received();
        assertThat(received).containsOnlyKeys("grady.archie@contoso.example", "johanna.lorenz@contoso.example");
        assertThat(Mails.body(received.get("grady.archie@contoso.example"))).contains("(Japan Standard Time)");
        assertThat(Mails.body(received.get("johanna.lorenz@contoso.example")))
            .containsPattern("\\(Eastern (Standard|Daylight) Time\\)");
    }

    private static Map<String, OffsetDateTime> expiries() {
        Map<String, OffsetDateTime> expiries = new HashMap<>();
        for (Map<String, Object> row : fixture.database().ledger()) {
            if (row.get("EXPIRES_AT") != null) {
                expiries.put((String) row.get("USER_PRINCIPAL_NAME"), (OffsetDateTime) row.get("EXPIRES_AT"));
            }
        }
        return expiries;
    }

    private static Map<String, MimeMessage> received() throws Exception {
        Map<String, MimeMessage> byAccount = new HashMap<>();
        for (MimeMessage message : fixture.received()) {
            byAccount.put(Mails.account(message), message);
        }
        return byAccount;
    }
}
