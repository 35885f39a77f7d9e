package org.bulkresend.directory.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.DomainSeed;
import org.bulkresend.support.SambaDomain;
import org.bulkresend.support.TestCertificateAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check --directory ad} against a real Samba domain controller over LDAPS: the operator's
 * bind and the base DN read with it give a ✓, a wrong password a ✗ on both, and the domain is only
 * read (nobody's {@code pwdLastSet} moves).
 */
class ActiveDirectoryCheckTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withoutDirectory().sender("helpdesk@contoso.test");

    Cli.Result check(String password, String... extra) {
        List<String> args = new ArrayList<>(List.of("check", "--directory", "ad", "--ldap-url",
                SambaDomain.shared().ldapsUrl(), "--ldap-ca", TestCertificateAuthority.caFile().toString(),
                "--operator", DomainSeed.HELPDESK, "--operator-password-file", fixture.cli().passwordFile(password)));
        args.addAll(fixture.smtpOptions());
        args.addAll(Arrays.asList(extra));
        return fixture.cli().run(args.toArray(String[]::new));
    }

    @Test
    void theOperatorsBindOverTlsAndTheBaseDnAreTicksAndNothingInTheDomainChanges() throws Exception {
        List<String> hires = DomainSeed.newHires(SambaDomain.shared(), "checked", 1);
        long before = DomainSeed.pwdLastSet(SambaDomain.shared(), hires.get(0));

        Cli.Result result = check(DomainSeed.HELPDESK_PASSWORD);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.checkLine("directory sign-in")).isEqualTo("✓ directory sign-in: bound to "
                + SambaDomain.shared().ldapsUrl() + " over TLS as the operator");
        assertThat(result.checkLine("directory read")).isEqualTo("✓ directory read: the base DN "
                + SambaDomain.BASE_DN + " was read: passwords of at least " + DomainSeed.MIN_PASSWORD_LENGTH
                + " characters, complex");
        assertThat(result.checkLine("operator")).startsWith("✓ operator: " + DomainSeed.HELPDESK)
            .contains("may reset the users the domain's delegation lets them reset");
        assertThat(DomainSeed.pwdLastSet(SambaDomain.shared(), hires.get(0))).isEqualTo(before);
        assertThat(fixture.received()).isEmpty();
    }

    @Test
    void aWrongPasswordIsACrossOnTheBindAndTheOperatorAndIsShownNowhere() {
        String wrong = "Not-Helpdesk-2026!";

        Cli.Result result = check(wrong);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.checkLine("directory sign-in")).startsWith("✗ directory sign-in: nobody "
                + "is bound to " + SambaDomain.shared().ldapsUrl()).contains("— do this:");
        assertThat(result.checkLine("operator")).startsWith("✗ operator: Sign-in refused for "
                + DomainSeed.HELPDESK);
        assertThat(result.checkLine("mail")).startsWith("✓");
        assertThat(result.all()).doesNotContain(wrong, DomainSeed.HELPDESK_PASSWORD, "\tat ");
    }
}
