package org.bulkresend.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.bulkresend.support.SmtpRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No silent lockout across operators (design: 'no silent lockout'): users a Global Administrator's
 * run reset and could not tell stay waiting, with their reset time, when a Password Administrator
 * continues the run; they are never marked denied and forgotten, and the Global Administrator's
 * next run tells them.
 */
class RestartByAnotherOperatorTests {

    static final String PASSWORD = "Operator-Pass-2026!";

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withDirectory("""
            userPrincipalName,displayName,accountState,adminRoles,alternateEmail,password
            global@contoso.example,Global Gina,ACTIVE,Global Administrator,gina@example.net,%1$s
            pwdadmin@contoso.example,Password Paul,ACTIVE,Password Administrator,paul@example.net,%1$s
            plain1@contoso.example,Plain One,ACTIVE,,plain1@example.net,
            useradmin1@contoso.example,User Admin One,ACTIVE,User Administrator,ua1@example.net,
            plain2@contoso.example,Plain Two,ACTIVE,,plain2@example.net,
            useradmin2@contoso.example,User Admin Two,ACTIVE,User Administrator,ua2@example.net,
            """.formatted(PASSWORD)).withRelay();

    @Test
    void usersTheNextOperatorMayNotResetKeepWaitingForOneWhoMay() throws Exception {
        EmbeddedDatabase database = fixture.database();
        Path input = Files.writeString(fixture.work().resolve("input.csv"), """
                userPrincipalName
                plain1@contoso.example
                useradmin1@contoso.example
                plain2@contoso.example
                useradmin2@contoso.example
                """);
        SmtpRelay relay = fixture.relay();
        // The probe gets through, then the server goes away: all four are reset and nobody is told.
        relay.accept((connection) -> connection <= 1);
        Cli.Result failed = run(input, "global@contoso.example");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(3);
        assertThat(fixture.received()).isEmpty();
        Map<String, Object> resetAt = new HashMap<>();
        database.ledger().forEach((row) -> resetAt.put((String) row.get("UPN_KEY"), row.get("RESET_AT")));

        relay.accept((connection) -> true);
        Cli.Result continued = run(input, "pwdadmin@contoso.example");

        assertThat(continued.exitCode()).as("finished what this operator may, the rest waits\n" + continued)
            .isEqualTo(1);
        assertThat(continued.all()).contains("2 users were reset by an earlier attempt of run 1 and not told",
                "pwdadmin@contoso.example may not reset any of them", "useradmin1@contoso.example",
                "as the operator who started the run");
        assertThat(told()).containsOnlyKeys("plain1@contoso.example", "plain2@contoso.example");
        for (String admin : List.of("useradmin1@contoso.example", "useradmin2@contoso.example")) {
            Map<String, Object> row = database.query("SELECT * FROM RESEND_LEDGER WHERE UPN_KEY = ?", admin).get(0);
            assertThat(row.get("STATUS")).as(admin).isEqualTo("RESET_NOT_NOTIFIED");
            assertThat(row.get("RESET_AT")).as("%s keeps the time it was reset", admin).isEqualTo(resetAt.get(admin));
            assertThat((String) row.get("REASON")).contains("global@contoso.example, who started this run");
        }
        Cli.Result again = run(input, "pwdadmin@contoso.example");
        assertThat(again.out()).as("never 'already processed' while users wait").doesNotContain("already processed");

        Cli.Result finished = run(input, "global@contoso.example");

        assertThat(finished.exitCode()).as(finished.toString()).isZero();
        Map<String, MimeMessage> told = told();
        assertThat(told).hasSize(4);
        told.forEach((account, message) -> assertThat(database.passwordMatches(account, Mails.password(message)))
            .as(account).isTrue());
    }

    private static Cli.Result run(Path input, String operator) {
        return fixture.run(input, "--operator", operator, "--operator-password-file",
                fixture.cli().passwordFile(PASSWORD), "--bulk-resend.mail.retry.delay=20ms",
                "--bulk-resend.mail.retry.max-delay=100ms");
    }

    /** Each account told, with the one message it got; fails if anyone got two. */
    private static Map<String, MimeMessage> told() {
        Map<String, MimeMessage> byAccount = new HashMap<>();
        for (MimeMessage message : fixture.received()) {
            assertThat(byAccount.put(Mails.account(message), message)).as("told once").isNull();
        }
        return byAccount;
    }
}
