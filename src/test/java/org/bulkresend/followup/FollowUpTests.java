package org.bulkresend.followup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.bulkresend.support.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Temporary passwords after the run, through the real command line, the embedded directory and a
 * real SMTP server: the expiry in the message and the ledger, {@code followup} finding who has not
 * signed in, {@code expire} replacing only the expired, unused passwords, and {@code followup
 * --resend} telling those users again. Time passing is the recorded times moving back.
 */
class FollowUpTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withTenant(6);

    Path input(String name, int... users) throws Exception {
        List<String> lines = new ArrayList<>(List.of("userPrincipalName"));
        for (int user : users) {
            lines.add(Tenant.upn(user));
        }
        Path file = fixture.work().resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    Cli.Result command(String command, List<String> options, String... extra) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(options);
        args.addAll(List.of(extra));
        return fixture.cli().run(args.toArray(String[]::new));
    }

    Cli.Result run(Path input, String... extra) {
        return fixture.run(input, extra);
    }

    Cli.Result expire() {
        return command("expire", fixture.operatorOptions());
    }

    /** The password each user was last told, by principal name. */
    Map<String, String> toldPasswords() throws Exception {
        Map<String, String> told = new HashMap<>();
        for (MimeMessage message : fixture.received()) {
            told.put(Mails.account(message), Mails.password(message));
        }
        return told;
    }

    List<String> listed(Cli.Result result) {
        return List.of(0, 1, 2, 3, 4, 5).stream().map(Tenant::upn).filter((upn) -> result.out().contains(upn + " "))
            .toList();
    }

    @Test
    void theMessageAndTheLedgerSayWhenTheTemporaryPasswordStopsWorking() throws Exception {
        Cli.Result result = run(input("a.csv", 0, 1), "--temp-password-ttl", "72h", "--time-zone", "Europe/Rome");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Expiry:   temporary passwords stop working 3d after their reset");
        for (Map<String, Object> row : fixture.database().ledger()) {
            OffsetDateTime reset = (OffsetDateTime) row.get("RESET_AT");
            OffsetDateTime expires = (OffsetDateTime) row.get("EXPIRES_AT");
            assertThat(Duration.between(reset, expires)).isEqualTo(Duration.ofHours(72));
        }
        String body = Mails.body(fixture.received()[0]);
        assertThat(body).contains("The temporary password stops working on").contains(" at ")
            .containsPattern("\\(Central European (Standard|Summer) Time\\)").doesNotContain("Europe/Rome");
        Map<String, List<String>> report = Reports.read(result);
        assertThat(report.values()).hasSize(2).allSatisfy((cells) -> assertThat(cells.get(10)).as("expires_at")
            .endsWith("Z"));
    }

    @Test
    void aLifetimeOutsideOneHourToAYearOrNotADurationIsRefusedBeforeAnythingChanges() throws Exception {
        Path input = input("a.csv", 0);
        Cli.Result tooShort = run(input, "--temp-password-ttl", "30m");
        Cli.Result notADuration = run(input, "--temp-password-ttl", "soon");
        Cli.Result badZone = run(input, "--temp-password-ttl", "72h", "--time-zone", "Mars/Olympus");

        assertThat(tooShort.exitCode()).isEqualTo(2);
        assertThat(tooShort.err()).contains("--temp-password-ttl must be between 1h and 365d, was 30m.");
        assertThat(notADuration.exitCode()).isEqualTo(2);
        assertThat(notADuration.err()).contains("'soon' is not a duration; write it as 72h, 3d, 15m or 30s.");
        assertThat(badZone.exitCode()).isEqualTo(2);
        assertThat(badZone.err()).contains("'Mars/Olympus' is not a time zone");
        assertThat(fixture.received()).isEmpty();
        assertThat(tooShort.all() + notADuration.all() + badZone.all()).doesNotContain("Exception");
    }

    @Test
    void followupListsTheUsersToldLongEnoughAgoWhoHaveNotChosenTheirOwnPassword() throws Exception {
        assertThat(run(input("a.csv", 0, 1, 2, 3, 4, 5)).exitCode()).isZero();
        fixture.database().userChangesPassword(Tenant.upn(0), "Chosen-By-User-0!");
        fixture.database().userChangesPassword(Tenant.upn(1), "Chosen-By-User-1!");
        fixture.database().timePasses(Duration.ofDays(4));
        Path csv = fixture.work().resolve("followup.csv");

        Cli.Result found = command("followup", List.of("--older-than", "3d", "--csv", csv.toString()));
        Cli.Result notYet = command("followup", List.of("--older-than", "5d"));

        assertThat(found.exitCode()).as(found.toString()).isZero();
        assertThat(found.out()).contains("4 users told a temporary password more than 3d ago have not replaced it yet")
            .contains("2 more have chosen their own password since they were told.");
        assertThat(listed(found)).containsExactly(Tenant.upn(2), Tenant.upn(3), Tenant.upn(4), Tenant.upn(5));
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("\uFEFFuserPrincipalName,displayName,alternateEmail,preferredLanguage,timeZone,status");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).startsWith(Tenant.upn(2) + ",User 2," + Tenant.alternate(2) + ",en,,NOTIFIED,");
        assertThat(fixture.database().query("SELECT COUNT(*) AS N FROM RESEND_LEDGER WHERE PASSWORD_CHANGED_AT IS NOT NULL")
            .get(0).get("N")).as("what followup saw is recorded").isEqualTo(2L);
        assertThat(notYet.out()).contains("Everyone told a temporary password more than 5d ago has signed in");
        assertThat(listed(notYet)).isEmpty();
    }

    @Test
    void expireReplacesOnlyExpiredPasswordsNobodyChangedAndTheOldOnesNoLongerWork() throws Exception {
        assertThat(run(input("a.csv", 0, 1, 2, 3), "--temp-password-ttl", "72h").exitCode()).isZero();
        fixture.database().userChangesPassword(Tenant.upn(0), "Chosen-By-User-0!");
        fixture.database().timePasses(Duration.ofHours(73));
        assertThat(run(input("b.csv", 4, 5), "--temp-password-ttl", "72h").exitCode()).isZero();
        Map<String, String> told = toldPasswords();

        Cli.Result expired = expire();
        Cli.Result again = expire();

        assertThat(expired.exitCode()).as(expired.toString()).isZero();
        assertThat(expired.out()).contains("Replaced 3 expired temporary passwords by random ones nobody knows")
            .contains("1 users had chosen their own password: left alone.");
        for (int user : new int[] { 1, 2, 3 }) {
            assertThat(fixture.database().passwordMatches(Tenant.upn(user), told.get(Tenant.upn(user))))
                .as("the told password of user %d no longer works", user).isFalse();
            assertThat(fixture.database().user(Tenant.upn(user)).get("MUST_CHANGE_PASSWORD")).isEqualTo(true);
            assertThat(expired.out()).contains(Tenant.upn(user));
        }
        for (int user : new int[] { 4, 5 }) {
            assertThat(fixture.database().passwordMatches(Tenant.upn(user), told.get(Tenant.upn(user))))
                .as("user %d's password has not expired yet", user).isTrue();
        }
        assertThat(fixture.database().passwordMatches(Tenant.upn(0), "Chosen-By-User-0!")).isTrue();
        assertThat(fixture.database().query("SELECT UPN_KEY FROM RESEND_LEDGER WHERE STATUS = 'EXPIRED' ORDER BY UPN_KEY"))
            .extracting((row) -> row.get("UPN_KEY"))
            .containsExactly(Tenant.upn(1), Tenant.upn(2), Tenant.upn(3));
        assertThat(fixture.database().query("SELECT TARGET, OPERATOR FROM AUDIT_EVENT WHERE ACTION = 'EXPIRE' AND "
                + "OUTCOME = 'REPLACED' ORDER BY TARGET"))
            .extracting((row) -> row.get("TARGET") + " by " + row.get("OPERATOR"))
            .containsExactly(Tenant.upn(1) + " by " + Tenant.OPERATOR, Tenant.upn(2) + " by " + Tenant.OPERATOR,
                    Tenant.upn(3) + " by " + Tenant.OPERATOR);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("No temporary password is past its expiry unused.");

        Cli.Result followup = command("followup", List.of("--older-than", "0s"));
        assertThat(listed(followup)).containsExactlyInAnyOrder(Tenant.upn(1), Tenant.upn(2), Tenant.upn(3),
                Tenant.upn(4), Tenant.upn(5));
        assertThat(followup.out()).containsPattern(Tenant.upn(1) + " +expired ");
        assertThat(followup.out()).containsPattern(Tenant.upn(4) + " +told ");
    }

    @Test
    void expireLeavesWhomItMayNotReplaceWithTheReasonAndTheirToldPasswordStillWorks() throws Exception {
        assertThat(run(input("a.csv", 0, 1, 2, 3), "--temp-password-ttl", "1h").exitCode()).isZero();
        Map<String, String> told = toldPasswords();
        fixture.database().timePasses(Duration.ofHours(2));
        fixture.database().update("UPDATE DIRECTORY_USER SET ADMIN_ROLES = 'HELPDESK_ADMINISTRATOR' WHERE UPN_KEY = '"
                + Tenant.OPERATOR + "'");
        fixture.database().update("UPDATE DIRECTORY_USER SET ADMIN_ROLES = 'USER_ADMINISTRATOR' WHERE UPN_KEY = '"
                + Tenant.upn(1) + "'");
        fixture.database().update("UPDATE DIRECTORY_USER SET ACCOUNT_STATE = 'BLOCKED' WHERE UPN_KEY = '"
                + Tenant.upn(2) + "'");
        fixture.database().update("DELETE FROM DIRECTORY_USER WHERE UPN_KEY = '" + Tenant.upn(3) + "'");

        Cli.Result expired = expire();

        assertThat(expired.exitCode()).as(expired.toString()).isEqualTo(1);
        assertThat(expired.out()).contains("Replaced 1 expired temporary passwords").contains("Not replaced (3):")
            .containsPattern(Tenant.upn(1) + ": .*Helpdesk Administrator may not reset")
            .contains(Tenant.upn(2) + ": the account is blocked from signing in; its temporary password is replaced "
                    + "once it is active again")
            .contains(Tenant.upn(3) + ": no longer in the directory");
        assertThat(fixture.database().passwordMatches(Tenant.upn(0), told.get(Tenant.upn(0)))).isFalse();
        for (int user : new int[] { 1, 2 }) {
            assertThat(fixture.database().passwordMatches(Tenant.upn(user), told.get(Tenant.upn(user))))
                .as("user %d keeps the password they were told", user).isTrue();
        }
        assertThat(fixture.database().query("SELECT UPN_KEY, STATUS, EXPIRED_AT FROM RESEND_LEDGER ORDER BY UPN_KEY"))
            .extracting((row) -> row.get("UPN_KEY") + " " + row.get("STATUS") + " " + (row.get("EXPIRED_AT") != null))
            .containsExactly(Tenant.upn(0) + " EXPIRED true", Tenant.upn(1) + " NOTIFIED false",
                    Tenant.upn(2) + " NOTIFIED false", Tenant.upn(3) + " NOTIFIED false");
        assertThat(fixture.database().query("SELECT TARGET, OUTCOME FROM AUDIT_EVENT WHERE ACTION = 'EXPIRE' ORDER BY TARGET"))
            .extracting((row) -> row.get("TARGET") + " " + row.get("OUTCOME"))
            .containsExactly(Tenant.upn(0) + " REPLACED", Tenant.upn(1) + " DENIED");
    }

    @Test
    void anExpireInterruptedAfterTheDirectoryChangedIsFinishedByTheNextOne() throws Exception {
        assertThat(run(input("a.csv", 0), "--temp-password-ttl", "1h").exitCode()).isZero();
        String told = toldPasswords().get(Tenant.upn(0));
        fixture.database().timePasses(Duration.ofHours(2));
        // As if an expire had recorded its intent and replaced the password, then was killed before recording it:
        fixture.database().update("UPDATE RESEND_LEDGER SET EXPIRED_AT = CURRENT_TIMESTAMP");
        fixture.database().update("UPDATE DIRECTORY_USER SET PASSWORD_LAST_SET = CURRENT_TIMESTAMP WHERE UPN_KEY = '"
                + Tenant.upn(0) + "'");

        Cli.Result expired = expire();

        assertThat(expired.out()).as(expired.toString()).contains("Replaced 1 expired temporary passwords");
        assertThat(fixture.database().ledger().get(0).get("STATUS")).isEqualTo("EXPIRED");
        assertThat(fixture.database().passwordMatches(Tenant.upn(0), told)).isFalse();
    }

    @Test
    void withoutALifetimeNothingExpires() throws Exception {
        assertThat(run(input("a.csv", 0, 1)).exitCode()).isZero();
        fixture.database().timePasses(Duration.ofDays(400));

        Cli.Result expired = expire();

        assertThat(expired.exitCode()).isZero();
        assertThat(expired.out()).contains("No temporary password is past its expiry unused.");
        assertThat(fixture.database().query("SELECT * FROM RESEND_LEDGER WHERE STATUS = 'NOTIFIED'")).hasSize(2);
    }

    @Test
    void followupResendTellsThemAgainWithANewPasswordAsTheirNextAttempt() throws Exception {
        assertThat(run(input("a.csv", 0, 1, 2), "--temp-password-ttl", "72h").exitCode()).isZero();
        fixture.database().userChangesPassword(Tenant.upn(0), "Chosen-By-User-0!");
        fixture.database().timePasses(Duration.ofDays(4));
        assertThat(expire().exitCode()).isZero();
        fixture.greenMail().reset();

        List<String> options = new ArrayList<>(List.of("--resend", "--older-than", "3d"));
        options.addAll(fixture.operatorOptions());
        options.addAll(fixture.smtpOptions());
        Cli.Result resent = command("followup", options);

        assertThat(resent.exitCode()).as(resent.toString()).isZero();
        Map<String, String> told = toldPasswords();
        assertThat(told).containsOnlyKeys(Tenant.upn(1), Tenant.upn(2));
        for (int user : new int[] { 1, 2 }) {
            assertThat(fixture.database().passwordMatches(Tenant.upn(user), told.get(Tenant.upn(user)))).isTrue();
        }
        List<Map<String, Object>> newRun = fixture.database()
            .query("SELECT * FROM RESEND_LEDGER WHERE JOB_INSTANCE_ID = 2 ORDER BY LINE_NUMBER");
        assertThat(newRun).extracting((row) -> row.get("STATUS")).containsExactly("NOTIFIED", "NOTIFIED");
        assertThat(newRun).extracting((row) -> row.get("ATTEMPTS")).containsExactly(2, 2);
        assertThat((String) newRun.get(0).get("REASON")).contains("told before by run 1 on ", "this is attempt 2");
        assertThat(resent.out()).contains("List:     " + fixture.cli().outDir().toAbsolutePath().normalize()
            .resolve("followup"));
        Cli.Result after = command("followup", List.of("--older-than", "3d"));
        assertThat(listed(after)).as("the new messages are not 3 days old").isEmpty();
    }

    @Test
    void resendWithoutAnOperatorIsAUsageError() {
        Cli.Result result = command("followup", List.of("--resend"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--resend resets passwords, so it needs --operator");
    }
}
