package org.bulkresend.directory.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.DomainSeed;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.bulkresend.support.SambaDomain;
import org.bulkresend.support.TestCertificateAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code followup}, {@code expire} and the ways an admin names users and themselves, with
 * {@code --directory ad} against a real Samba Active Directory domain controller: a user has replaced
 * their temporary password when the domain's {@code pwdLastSet} is later than when they were told,
 * and an expired one is replaced by another reset, with a random password and {@code pwdLastSet} 0.
 */
class ActiveDirectoryFollowUpTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withoutDirectory().sender("helpdesk@contoso.test");

    static SambaDomain domain() {
        return SambaDomain.shared();
    }

    Path input(List<String> users) throws Exception {
        List<String> lines = new ArrayList<>(List.of("userPrincipalName"));
        lines.addAll(users);
        return Files.write(fixture.work().resolve("new-hires.csv"), lines, StandardCharsets.UTF_8);
    }

    /** Any command against the domain over LDAPS, with SMTP, as this operator. */
    Cli.Result command(String command, String operator, String password, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--directory", "ad", "--ldap-url", domain().ldapsUrl(),
                "--ldap-ca", TestCertificateAuthority.caFile().toString()));
        args.addAll(fixture.smtpOptions());
        if (operator != null) {
            args.addAll(List.of("--operator", operator, "--operator-password-file", fixture.cli().passwordFile(password)));
        }
        args.addAll(Arrays.asList(extra));
        return fixture.cli().run(args.toArray(String[]::new));
    }

    Cli.Result asHelpdesk(String command, String... extra) {
        return command(command, DomainSeed.HELPDESK, DomainSeed.HELPDESK_PASSWORD, extra);
    }

    /** The last password each user was told. */
    Map<String, String> told() throws Exception {
        Map<String, String> told = new HashMap<>();
        for (MimeMessage message : fixture.received()) {
            told.put(Mails.account(message), Mails.password(message));
        }
        return told;
    }

    @Test
    void followupAsksTheDomainWhoChoseTheirOwnAndExpireReplacesOnlyTheUnusedExpiredOnes() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "expiring", 4);
        Cli.Result run = asHelpdesk("run", "--input", input(hires).toString(), "--temp-password-ttl", "72h");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Map<String, String> told = told();
        DomainSeed.userChangesPassword(domain(), hires.get(0), told.get(hires.get(0)), "Chosen-By-Expiring-1!");
        new EmbeddedDatabase(fixture.cli().dataDir()).timePasses(Duration.ofDays(4));
        DomainSeed.userChangesPassword(domain(), hires.get(1), told.get(hires.get(1)), "Chosen-Later-Expiring-2!");

        Cli.Result followup = asHelpdesk("followup", "--older-than", "3d");

        assertThat(followup.exitCode()).as(followup.toString()).isZero();
        assertThat(followup.out()).contains("2 users told a temporary password more than 3d ago have not replaced it")
            .contains(hires.get(2), hires.get(3)).doesNotContain(hires.get(0) + " ", hires.get(1) + " ");

        Cli.Result expire = asHelpdesk("expire");

        assertThat(expire.exitCode()).as(expire.toString()).isZero();
        assertThat(expire.out()).contains("Replaced 2 expired temporary passwords");
        for (String unused : hires.subList(2, 4)) {
            assertThat(domain().bindAnswer(unused, told.get(unused)))
                .as("the password %s was told no longer works", unused).contains("data 52e");
            assertThat(DomainSeed.pwdLastSet(domain(), unused)).as("still to be changed at next sign-in").isZero();
        }
        assertThat(domain().bindAnswer(hires.get(0), "Chosen-By-Expiring-1!")).as("left alone").isNull();
        assertThat(domain().bindAnswer(hires.get(1), "Chosen-Later-Expiring-2!")).as("left alone").isNull();
        assertThat(fixture.received()).as("expire tells nobody").hasSize(4);

        Cli.Result resend = asHelpdesk("followup", "--resend");

        assertThat(resend.exitCode()).as(resend.toString()).isZero();
        MimeMessage[] messages = fixture.received();
        assertThat(messages).hasSize(6);
        Map<String, String> now = told();
        for (String unused : hires.subList(2, 4)) {
            assertThat(now.get(unused)).isNotEqualTo(told.get(unused));
            assertThat(domain().bindAnswer(unused, now.get(unused))).as("the password %s was told again", unused)
                .contains("data 773");
        }
    }

    @Test
    void followupReadsTheDomainAsTheOperatorAndSaysSoWhenNoneIsGiven() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "following", 2);
        Cli.Result run = asHelpdesk("run", "--input", input(hires).toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        DomainSeed.userChangesPassword(domain(), hires.get(0), told().get(hires.get(0)), "Chosen-By-Following-1!");

        Cli.Result anonymous = command("followup", null, null, "--older-than", "0m");
        Cli.Result followup = asHelpdesk("followup", "--older-than", "0m");

        assertThat(anonymous.exitCode()).as(anonymous.toString()).isEqualTo(2);
        assertThat(anonymous.err()).contains("With Active Directory, followup reads the directory as the operator")
            .contains("--operator").contains("--bind-as").doesNotContain("Exception");
        assertThat(followup.exitCode()).as(followup.toString()).isZero();
        assertThat(followup.out()).contains("1 user told a temporary password has not replaced it")
            .contains(hires.get(1)).doesNotContain(hires.get(0) + " ");
    }

    @Test
    void rowsAndTheOperatorMayBeNamedBySamAccountNameOrDomainBackslashNameAndEachUserIsResetOnce() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "named", 3);
        String first = hires.get(0).substring(0, hires.get(0).indexOf('@'));
        String second = hires.get(1).substring(0, hires.get(1).indexOf('@'));
        Path input = input(List.of(SambaDomain.NETBIOS + "\\" + first, second, hires.get(2), hires.get(0),
                SambaDomain.NETBIOS + "\\" + second));

        Cli.Result run = command("run", SambaDomain.NETBIOS + "\\helpdesk.operator", DomainSeed.HELPDESK_PASSWORD,
                "--input", input.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        Reports.Report report = Reports.report(run);
        assertThat(report.rows()).extracting(Reports.Row::status).containsExactly("NOTIFIED", "NOTIFIED", "NOTIFIED",
                "REJECTED_DUPLICATE", "REJECTED_DUPLICATE");
        assertThat(report.rows().get(3).reason()).contains("same user as line 2");
        assertThat(report.rows().get(4).reason()).contains("same user as line 3");
        MimeMessage[] messages = fixture.received();
        assertThat(Arrays.stream(messages).map(Mails::account)).containsExactlyInAnyOrderElementsOf(hires);
        for (MimeMessage message : messages) {
            assertThat(domain().bindAnswer(Mails.account(message), Mails.password(message))).contains("data 773");
        }

        Cli.Result again = command("run", DomainSeed.HELPDESK, DomainSeed.HELPDESK_PASSWORD, "--input",
                input(List.of(SambaDomain.NETBIOS + "\\" + first)).toString());

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(Reports.report(again).rows().get(0).status()).isEqualTo("SKIPPED_ALREADY_NOTIFIED");
        assertThat(fixture.received()).hasSize(3);
    }
}
