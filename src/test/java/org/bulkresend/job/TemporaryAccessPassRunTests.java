package org.bulkresend.job;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.report.ReportWriter;
import org.bulkresend.support.AtRest;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --credential tap} with the embedded directory, as the demo shows it: each user is told a
 * Temporary Access Pass that signs them in until it ends, in a message that never speaks of a new
 * password, and nobody's password changes. The operator is the Contoso tenant's Global
 * Administrator, who may give a pass to anyone but themselves.
 */
class TemporaryAccessPassRunTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso();

    @Test
    void eachUserIsToldAPassThatSignsThemInAndKeepsTheirPassword() throws Exception {
        List<Map<String, Object>> before = fixture.database()
            .query("SELECT UPN_KEY, PASSWORD_HASH, MUST_CHANGE_PASSWORD FROM DIRECTORY_USER ORDER BY UPN_KEY");

        Cli.Result result = fixture.run(fixture.input(), "--credential", "tap", "--tap-lifetime", "2h");

        assertThat(result.exitCode()).as(result.toString()).isIn(0, 1);
        assertThat(result.out()).contains("Passes:   Temporary Access Passes of 2 hours");
        MimeMessage[] messages = fixture.received();
        assertThat(messages).isNotEmpty();
        Map<String, Integer> told = new HashMap<>();
        for (MimeMessage message : messages) {
            String upn = Mails.account(message);
            told.merge(upn, 1, Integer::sum);
            String pass = Mails.password(message);
            assertThat(pass).as(upn).hasSize(8);
            assertThat(Mails.body(message)).doesNotContainIgnoringCase("temporary password")
                .doesNotContainIgnoringCase("new password");
            Cli.Result signIn = fixture.cli().run("directory", "sign-in", "--user", upn, "--secret-file",
                    fixture.cli().passwordFile(pass));
            assertThat(signIn.exitCode()).as(signIn.toString()).isZero();
            assertThat(signIn.out()).contains("Temporary Access Pass");
        }
        assertThat(told).allSatisfy((upn, times) -> assertThat(times).as(upn).isEqualTo(1));
        assertThat(fixture.database()
            .query("SELECT UPN_KEY, PASSWORD_HASH, MUST_CHANGE_PASSWORD FROM DIRECTORY_USER ORDER BY UPN_KEY"))
            .as("no password changed").isEqualTo(before);
        Reports.Report report = Reports.report(result);
        for (String upn : told.keySet()) {
            assertThat(report.row(upn).cell("credential")).isEqualTo("tap");
            assertThat(report.row(upn).reason()).startsWith("Temporary Access Pass issued and message accepted");
        }
        assertThat(fixture.database().query("SELECT ACTION FROM AUDIT_EVENT WHERE ACTION = 'ISSUE_PASS'"))
            .hasSize(told.size());
        assertThat(fixture.database().query("SELECT ACTION FROM AUDIT_EVENT WHERE ACTION = 'RESET'")).isEmpty();
        String page = Files.readString(ReportWriter.htmlBeside(Reports.path(result)), StandardCharsets.UTF_8);
        assertThat(page).contains("Temporary Access Passes (passwords are not changed)", "https://mysignins.microsoft.com/security-info")
            .doesNotContain("Sign-in address in messages");
        assertThat(page).as("the statuses in a pass run's words").contains("pass issued, and the message was accepted")
            .doesNotContain("reset, and the message was accepted");
    }

    @Test
    void theRunsSummarySpeaksOfPassesNotResets() throws Exception {
        Cli.Result result = fixture.run(fixture.input(), "--credential", "tap", "--summary-to", "it-lead@contoso.com");

        assertThat(result.exitCode()).as(result.toString()).isIn(0, 1);
        MimeMessage summary = java.util.Arrays.stream(fixture.received())
            .filter((message) -> Mails.to(message).equals("it-lead@contoso.com"))
            .findFirst().orElseThrow();
        assertThat(Mails.body(summary)).contains("NOTIFIED: pass issued, and the message was accepted")
            .doesNotContain("NOTIFIED: reset");
    }

    @Test
    void noPassIsAtRestOrPrinted() throws Exception {
        Cli.Result result = fixture.run(fixture.input(), "--credential", "tap", "--tap-once");

        assertThat(result.exitCode()).as(result.toString()).isIn(0, 1);
        List<String> passes = new ArrayList<>();
        for (MimeMessage message : fixture.received()) {
            passes.add(Mails.password(message));
        }
        // Counted, not listed: a failing assertion must not print them either.
        assertThat(passes).hasSizeGreaterThan(10);
        assertThat(AtRest.assertNoneOf(passes, result, fixture.cli().dataDir(), fixture.cli().outDir()))
            .anyMatch((f) -> f.toString().endsWith(".script"))
            .anyMatch((f) -> f.toString().endsWith("-report.html"));
        assertThat(fixture.database().query("SELECT PASS_HASH FROM DIRECTORY_TAP"))
            .hasSameSizeAs(passes).allSatisfy((row) -> assertThat(String.valueOf(row.get("PASS_HASH")))
                .startsWith("{bcrypt}"));
    }

    @Test
    void aDisabledPolicyStopsTheRunBeforeAnyPass() throws Exception {
        Cli.Result disable = fixture.cli().run("directory", "tap-policy", "--enabled", "false");
        assertThat(disable.exitCode()).as(disable.toString()).isZero();

        Cli.Result result = fixture.run(fixture.input(), "--credential", "tap");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Temporary Access Passes are disabled in the policy of the embedded "
                + "directory");
        assertThat(fixture.received()).isEmpty();
        assertThat(fixture.database().query("SELECT * FROM DIRECTORY_TAP")).isEmpty();
        assertThat(fixture.database().query("SELECT * FROM RESEND_LEDGER")).as("no run recorded").isEmpty();
    }

    @Test
    void suppliedPasswordsAndPassesAreOneOrTheOther() throws Exception {
        Cli.Result result = fixture.run(fixture.input(), "--credential", "tap", "--use-supplied-passwords");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("--use-supplied-passwords gives users the passwords in the file, and "
                + "--credential tap gives them Temporary Access Passes the directory makes: choose one.");
        assertThat(fixture.received()).isEmpty();
    }
}
