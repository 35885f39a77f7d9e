package org.bulkresend.directory.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.AtRest;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.DomainSeed;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.bulkresend.support.SambaDomain;
import org.bulkresend.support.TestCertificateAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole command with {@code --directory ad}, against a real Samba Active Directory domain
 * controller over LDAPS and a real SMTP server: what the admin of an on-premises domain sees. Each
 * test adds new hires of its own to the shared domain ({@link DomainSeed#newHires}).
 */
class ActiveDirectoryRunTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withoutDirectory().sender("helpdesk@contoso.test");

    static SambaDomain domain() {
        return SambaDomain.shared();
    }

    Path input(String header, List<String> rows) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        return Files.write(fixture.work().resolve("new-hires.csv"), lines, StandardCharsets.UTF_8);
    }

    Path input(List<String> users) throws Exception {
        return input("userPrincipalName", users);
    }

    /** In chunks of 3 against the domain over LDAPS, as this operator binding with this password. */
    Cli.Result run(Path input, String operator, String password, String... extra) {
        return runAt(domain().ldapsUrl(), input, operator, password, extra);
    }

    /** The same at this address of the domain controller. */
    Cli.Result runAt(String url, Path input, String operator, String password, String... extra) {
        List<String> args = new ArrayList<>(List.of("--chunk-size", "3", "--directory", "ad", "--ldap-url", url,
                "--ldap-ca", TestCertificateAuthority.caFile().toString(), "--operator", operator,
                "--operator-password-file", fixture.cli().passwordFile(password)));
        args.addAll(Arrays.asList(extra));
        return fixture.run(input, args.toArray(String[]::new));
    }

    @Test
    void eachNewHireIsResetAndToldThePasswordTheDomainHoldsAtTheAddressTheyCanRead() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "told", 4);

        Cli.Result result = run(input(hires), DomainSeed.HELPDESK, DomainSeed.HELPDESK_PASSWORD);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Directory: Active Directory " + domain().ldapsUrl() + " (DC=contoso,DC=test; "
                + "passwords of at least " + DomainSeed.MIN_PASSWORD_LENGTH + " characters, complex)");
        MimeMessage[] messages = fixture.received();
        assertThat(messages).hasSize(4);
        assertThat(Arrays.stream(messages).map(Mails::to)).containsExactlyInAnyOrder("told1@home.example",
                "told2@home.example", "told3@home.example", "told4@home.example");
        for (MimeMessage message : messages) {
            String upn = Mails.account(message);
            assertThat(domain().bindAnswer(upn, Mails.password(message)))
                .as("the domain's answer to %s with the password told: right, and to be changed", upn)
                .contains("data 773");
            assertThat(DomainSeed.pwdLastSet(domain(), upn)).isZero();
        }
        assertThat(Reports.report(result).rows()).allSatisfy((row) -> assertThat(row.status()).isEqualTo("NOTIFIED"));
    }

    @Test
    void disabledUnknownProtectedAndOwnAccountsEachGetTheirStatusAndNobodyElseIsHeldBack() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "mixed", 1);
        long protectedBefore = DomainSeed.pwdLastSet(domain(), DomainSeed.PROTECTED);

        Cli.Result result = run(input(List.of(DomainSeed.DISABLED, "nobody@contoso.test", DomainSeed.PROTECTED,
                DomainSeed.HELPDESK, hires.get(0))), DomainSeed.HELPDESK, DomainSeed.HELPDESK_PASSWORD);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Reports.Report report = Reports.report(result);
        assertThat(report.row(DomainSeed.DISABLED).status()).isEqualTo("REJECTED_NOT_ACTIVE");
        assertThat(report.row("nobody@contoso.test").status()).isEqualTo("REJECTED_UNKNOWN_USER");
        assertThat(report.row(DomainSeed.PROTECTED).status()).isEqualTo("DENIED_NOT_PERMITTED");
        assertThat(report.row(DomainSeed.PROTECTED).reason()).contains("protected account (adminCount=1")
            .contains("Domain Admins or Enterprise Admins");
        assertThat(report.row(DomainSeed.HELPDESK).status()).isEqualTo("DENIED_NOT_PERMITTED");
        assertThat(report.row(DomainSeed.HELPDESK).reason()).contains("their own password");
        assertThat(report.row(hires.get(0)).status()).isEqualTo("NOTIFIED");
        assertThat(DomainSeed.pwdLastSet(domain(), DomainSeed.PROTECTED)).isEqualTo(protectedBefore);
        assertThat(fixture.received()).hasSize(1);
    }

    @Test
    void theDryRunLooksEveryoneUpAsTheOperatorAndGivesTheSameDecisionsWithoutChangingAnything() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "preview", 2);
        long before = DomainSeed.pwdLastSet(domain(), hires.get(0));
        Path input = input(List.of(DomainSeed.DISABLED, "nobody@contoso.test", DomainSeed.PROTECTED,
                DomainSeed.HELPDESK, hires.get(0), hires.get(1)));

        Cli.Result dry = run(input, DomainSeed.HELPDESK, DomainSeed.HELPDESK_PASSWORD, "--dry-run");

        assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(1);
        assertThat(dry.out()).contains("Dry run: nothing was reset, sent or recorded. 2 users would be reset and told");
        assertThat(dry.out()).as("the denials counted").containsPattern("DENIED_NOT_PERMITTED +2\\b")
            .containsPattern("PREVIEWED +2\\b");
        Reports.Report report = Reports.report(dry);
        assertThat(report.rows()).extracting(Reports.Row::status).containsExactly("REJECTED_NOT_ACTIVE",
                "REJECTED_UNKNOWN_USER", "DENIED_NOT_PERMITTED", "DENIED_NOT_PERMITTED", "PREVIEWED", "PREVIEWED");
        assertThat(report.row(DomainSeed.PROTECTED).reason()).contains("protected account (adminCount=1");
        assertThat(DomainSeed.pwdLastSet(domain(), hires.get(0))).isEqualTo(before);
        assertThat(fixture.received()).isEmpty();
    }

    @Test
    void anAccountPastItsEndDateIsNotResetForAPasswordNobodyCouldUse() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "contractor", 2);
        DomainSeed.accountExpires(domain(), hires.get(0), Instant.now().minus(Duration.ofDays(1)));
        DomainSeed.accountExpires(domain(), hires.get(1), Instant.now().plus(Duration.ofDays(90)));
        long before = DomainSeed.pwdLastSet(domain(), hires.get(0));

        Cli.Result result = run(input(hires), DomainSeed.HELPDESK, DomainSeed.HELPDESK_PASSWORD);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Reports.Report report = Reports.report(result);
        assertThat(report.row(hires.get(0)).status()).isEqualTo("REJECTED_NOT_ACTIVE");
        assertThat(report.row(hires.get(0)).reason()).contains("past its end date (Account expires)",
                "extend or clear its end date first");
        assertThat(report.row(hires.get(1)).status()).as("an end date to come is no obstacle").isEqualTo("NOTIFIED");
        assertThat(DomainSeed.pwdLastSet(domain(), hires.get(0))).isEqualTo(before);
        assertThat(fixture.received()).hasSize(1);
    }

    @Test
    void aLockedOutUserIsUnlockedWithTheResetOrNotResetWhereUnlockingIsNotDelegated() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "locked", 2);
        DomainSeed.lockoutThreshold(domain(), 3);
        try {
            hires.forEach((hire) -> DomainSeed.lockOut(domain(), hire));
            long before = DomainSeed.pwdLastSet(domain(), hires.get(0));

            Cli.Result helpdesk = run(input(hires.subList(0, 1)), DomainSeed.HELPDESK, DomainSeed.HELPDESK_PASSWORD);
            Cli.Result tier0 = run(input(hires.subList(1, 2)), DomainSeed.TIER0, DomainSeed.TIER0_PASSWORD);

            assertThat(helpdesk.exitCode()).as(helpdesk.toString()).isEqualTo(1);
            Reports.Row denied = Reports.report(helpdesk).row(hires.get(0));
            assertThat(denied.status()).isEqualTo("DENIED_NOT_PERMITTED");
            assertThat(denied.reason()).contains("the account is locked out", "unlocking needs write lockoutTime");
            assertThat(DomainSeed.pwdLastSet(domain(), hires.get(0))).as("not reset").isEqualTo(before);
            assertThat(tier0.exitCode()).as(tier0.toString()).isZero();
            MimeMessage[] told = fixture.received();
            assertThat(told).hasSize(1);
            assertThat(domain().bindAnswer(hires.get(1), Mails.password(told[0])))
                .as("unlocked: the password told is right and to be changed, not refused as locked out (775)")
                .contains("data 773");
        }
        finally {
            DomainSeed.lockoutThreshold(domain(), 0);
        }
    }

    @Test
    void aDomainAdminThroughANestedGroupMayResetAProtectedAccount() throws Exception {
        Cli.Result result = run(input(List.of(DomainSeed.PROTECTED)), DomainSeed.TIER0, DomainSeed.TIER0_PASSWORD);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        MimeMessage told = fixture.received()[0];
        assertThat(domain().bindAnswer(DomainSeed.PROTECTED, Mails.password(told))).contains("data 773");
    }

    @Test
    void aSuppliedPasswordTheDomainsPolicyRefusesFailsWithTheDomainsReason() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "weak", 2);
        // Eight characters of four kinds meet Microsoft Entra's policy, not this domain's minimum of ten.
        Path input = input("userPrincipalName,password",
                List.of(hires.get(0) + ",Weak-Pw1", hires.get(1) + ",Strong-Enough-Pw-2026"));

        Cli.Result result = run(input, DomainSeed.HELPDESK, DomainSeed.HELPDESK_PASSWORD, "--use-supplied-passwords");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Reports.Report report = Reports.report(result);
        assertThat(report.row(hires.get(0)).status()).isEqualTo("FAILED_RESET");
        assertThat(report.row(hires.get(0)).reason()).contains("password policy").contains("0000052D");
        assertThat(report.row(hires.get(1)).status()).isEqualTo("NOTIFIED");
        assertThat(domain().bindAnswer(hires.get(1), "Strong-Enough-Pw-2026")).contains("data 773");
        assertThat(DomainSeed.pwdLastSet(domain(), hires.get(0))).isNotZero();
    }

    @Test
    void anOperatorTheDomainGaveNoRightsIsRefusedByTheDomainAndNothingChanges() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "kept", 2);

        Cli.Result result = run(input(hires), DomainSeed.INTERN, DomainSeed.INTERN_PASSWORD);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Reports.Report report = Reports.report(result);
        for (String hire : hires) {
            assertThat(report.row(hire).status()).isEqualTo("DENIED_NOT_PERMITTED");
            assertThat(report.row(hire).reason()).contains("insufficient access rights")
                .contains("Reset password");
            assertThat(DomainSeed.pwdLastSet(domain(), hire)).isNotZero();
        }
        assertThat(fixture.received()).isEmpty();
    }

    @Test
    void aWrongOperatorPasswordSignsNobodyInAndChangesNothing() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "wrong", 1);

        Cli.Result result = run(input(hires), DomainSeed.HELPDESK, "Not-The-Password-1");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Sign-in refused for " + DomainSeed.HELPDESK);
        assertThat(DomainSeed.pwdLastSet(domain(), hires.get(0))).isNotZero();
    }

    @Test
    void plainLdapAndPassesAreRefusedBeforeAnythingChanges() throws Exception {
        Path input = input(DomainSeed.newHires(domain(), "plain", 1));

        Cli.Result plain = runAt(domain().ldapUrl(), input, DomainSeed.HELPDESK, DomainSeed.HELPDESK_PASSWORD);
        Cli.Result pass = run(input, DomainSeed.HELPDESK, DomainSeed.HELPDESK_PASSWORD, "--credential", "tap");

        assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(2);
        assertThat(plain.err()).contains("plain LDAP").contains("use ldaps://, or add --starttls");
        assertThat(pass.exitCode()).as(pass.toString()).isEqualTo(2);
        assertThat(pass.err()).contains("cannot issue Temporary Access Passes");
        assertThat(fixture.received()).isEmpty();
    }

    @Test
    void startTlsOnThePlainPortWorksAsLdapsDoes() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "starttls", 1);

        Cli.Result result = runAt(domain().ldapUrl(), input(hires), DomainSeed.HELPDESK, DomainSeed.HELPDESK_PASSWORD,
                "--starttls");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(domain().bindAnswer(hires.get(0), Mails.password(fixture.received()[0]))).contains("data 773");
    }

    @Test
    void aServiceAccountBindsForTheOperatorAndTheRunSaysOnlyTheToolsRulesCheckThem() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "scheduled", 1);
        Path password = Files.writeString(fixture.work().resolve("bind-password.txt"),
                SambaDomain.ADMINISTRATOR_PASSWORD + "\n");

        Cli.Result result = fixture.run(input(List.of(hires.get(0), DomainSeed.PROTECTED)), "--directory", "ad",
                "--ldap-url", domain().ldapsUrl(), "--ldap-ca", TestCertificateAuthority.caFile().toString(),
                "--bind-as", "CN=Administrator,CN=Users," + SambaDomain.BASE_DN, "--bind-password-file",
                password.toString(), "--operator", DomainSeed.INTERN);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("bound as the service account CN=Administrator,CN=Users,DC=contoso,DC=test")
            .contains("bulk-resend's own rules (protected accounts, nobody their own account) are the only check");
        Reports.Report report = Reports.report(result);
        assertThat(report.row(hires.get(0)).status()).isEqualTo("NOTIFIED");
        assertThat(report.row(DomainSeed.PROTECTED).status()).isEqualTo("DENIED_NOT_PERMITTED");
    }

    @Test
    void noPasswordIsAtRestOrPrinted() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "secret", 3);

        Cli.Result result = run(input(hires), DomainSeed.HELPDESK, DomainSeed.HELPDESK_PASSWORD);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> secrets = new ArrayList<>(List.of(DomainSeed.HELPDESK_PASSWORD));
        for (MimeMessage message : fixture.received()) {
            secrets.add(Mails.password(message));
        }
        // Counted, not listed: a failing assertion must not print them either.
        assertThat(secrets).hasSize(4);
        AtRest.assertNoneInRun(secrets, result, fixture.cli());
    }
}
