package org.bulkresend.directory.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.bulkresend.cli.ExitCodes;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.DomainSeed;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.bulkresend.support.SambaDomain;
import org.bulkresend.support.TcpForwarder;
import org.bulkresend.support.TestCertificateAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The domain controller going away, as a network or a server does, while bulk-resend runs against
 * it: the run stops with exit 3 and says so, nobody is told a password the domain does not hold, and
 * once the domain controller answers again the same command tells everyone once. The runs reach the
 * Samba domain through a {@link TcpForwarder} that the test cuts at a point the mail server decides
 * ({@link org.bulkresend.support.SmtpRelay#beforeMessage}): when the client has sent a chunk's last
 * message, and waits for its answer.
 */
class ActiveDirectoryOutageTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withoutDirectory().withRelay().sender("helpdesk@contoso.test");

    TcpForwarder domainController;

    static SambaDomain domain() {
        return SambaDomain.shared();
    }

    @BeforeEach
    void forwarder() {
        this.domainController = TcpForwarder.to(domain().address(), 636);
    }

    @AfterEach
    void close() {
        this.domainController.close();
    }

    String url() {
        return "ldaps://" + domain().address() + ":" + this.domainController.port();
    }

    Path input(List<String> users) throws Exception {
        List<String> lines = new ArrayList<>(List.of("userPrincipalName"));
        lines.addAll(users);
        return Files.write(fixture.work().resolve("new-hires.csv"), lines, StandardCharsets.UTF_8);
    }

    /** In chunks of 3, through the forwarder, as the helpdesk operator. */
    Cli.Result run(Path input) {
        return runAt(url(), input);
    }

    Cli.Result runAt(String url, Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of("--chunk-size", "3", "--directory", "ad", "--ldap-url", url,
                "--ldap-ca", TestCertificateAuthority.caFile().toString(), "--operator", DomainSeed.HELPDESK,
                "--operator-password-file", fixture.cli().passwordFile(DomainSeed.HELPDESK_PASSWORD)));
        args.addAll(List.of(extra));
        return fixture.run(input, args.toArray(String[]::new));
    }

    static void assertStoppedNamingTheDomainController(Cli.Result result, String url) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).as(result.toString())
            .containsIgnoringCase("the domain controller " + url + " did not answer")
            .containsIgnoringCase("same command");
        assertThat(result.all()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void theDomainControllerGoneMidRunStopsTheRunAndTheSameCommandTellsEveryoneOnce() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "outage", 9);
        fixture.relay().beforeMessage(3, this.domainController::cut);

        Cli.Result stopped = run(input(hires));

        assertStoppedNamingTheDomainController(stopped, url());
        List<String> toldFirst = hires.subList(0, 3);
        Mails.assertEachToldOnceWithThePasswordTheDomainHolds(fixture.received(), domain(), toldFirst);
        for (String untouched : hires.subList(3, 9)) {
            assertThat(DomainSeed.pwdLastSet(domain(), untouched)).as("not reset: %s", untouched).isNotZero();
        }

        this.domainController.restore();
        Cli.Result continued = run(input(hires));

        assertThat(continued.exitCode()).as(continued.toString()).isZero();
        Mails.assertEachToldOnceWithThePasswordTheDomainHolds(fixture.received(), domain(), hires);
        assertThat(Reports.report(continued).rows()).hasSize(9)
            .allSatisfy((row) -> assertThat(row.status()).isEqualTo("NOTIFIED"));
    }

    @Test
    void aLookUpOnAConnectionThatWentSilentIsAskedAgainOnANewOneAndTheRunGoesOn() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "idle", 6);
        // As a firewall drops a connection left idle while the run waited for mail: the next look-up's
        // answer never comes back on it, though the domain controller is there.
        AtomicReference<CountDownLatch> silent = new AtomicReference<>();
        fixture.relay().beforeMessage(3, () -> silent.set(this.domainController.holdAnswerTo(1)));

        Cli.Result result = runAt(url(), input(hires), "--bulk-resend.ldap.timeout=2s");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(silent.get().await(0, TimeUnit.SECONDS)).as("a look-up's answer was kept from the run").isTrue();
        Mails.assertEachToldOnceWithThePasswordTheDomainHolds(fixture.received(), domain(), hires);
    }

    @Test
    void aResetWhoseAnswerIsLostIsTakenAsMaybeDoneAndTheSameCommandResetsAndTellsThatUser() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "lost", 6);
        // After the first chunk's last message, chunk 2 is looked up in three searches (its users, and
        // the members of Domain Admins and of Enterprise Admins among them); the fourth request is the
        // reset of its first user.
        AtomicReference<CountDownLatch> lost = new AtomicReference<>();
        fixture.relay().beforeMessage(3, () -> lost.set(this.domainController.cutOnAnswerTo(4)));
        String maybeReset = hires.get(3);

        Cli.Result stopped = run(input(hires));

        assertStoppedNamingTheDomainController(stopped, url());
        assertThat(lost.get().await(0, TimeUnit.SECONDS)).as("the domain's answer to a request was lost").isTrue();
        assertThat(DomainSeed.pwdLastSet(domain(), maybeReset))
            .as("the lost answer was the one to %s's reset, which the domain did", maybeReset).isZero();
        for (String untouched : hires.subList(4, 6)) {
            assertThat(DomainSeed.pwdLastSet(domain(), untouched)).as("not reset: %s", untouched).isNotZero();
        }
        Mails.assertEachToldOnceWithThePasswordTheDomainHolds(fixture.received(), domain(), hires.subList(0, 3));
        Reports.Report report = Reports.report(stopped);
        assertThat(report.row(maybeReset).status()).isEqualTo("RESET_NOT_NOTIFIED");
        assertThat(report.row(maybeReset).reason()).contains("did not confirm the reset")
            .contains("the connection was lost before its answer came").contains("run the same command again");

        this.domainController.restore();
        Cli.Result continued = run(input(hires));

        assertThat(continued.exitCode()).as(continued.toString()).isZero();
        Mails.assertEachToldOnceWithThePasswordTheDomainHolds(fixture.received(), domain(), hires);
        assertThat(Reports.report(continued).row(maybeReset).status()).isEqualTo("NOTIFIED");
    }

    @Test
    void theDomainControllerGoneBetweenTwoResetsOfAChunkTellsThoseResetAndLeavesTheRestUnchanged() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "between", 6);
        // The fourth request after the first chunk's last message is the reset of chunk 2's first user.
        fixture.relay().beforeMessage(3, () -> this.domainController.cutAfterAnswerTo(4));

        Cli.Result stopped = run(input(hires));

        assertStoppedNamingTheDomainController(stopped, url());
        Mails.assertEachToldOnceWithThePasswordTheDomainHolds(fixture.received(), domain(), hires.subList(0, 4));
        Reports.Report report = Reports.report(stopped);
        for (String waiting : hires.subList(4, 6)) {
            assertThat(DomainSeed.pwdLastSet(domain(), waiting)).as("not reset: %s", waiting).isNotZero();
            assertThat(report.row(waiting).status()).isEqualTo("RESET_NOT_NOTIFIED");
        }

        this.domainController.restore();
        Cli.Result continued = run(input(hires));

        assertThat(continued.exitCode()).as(continued.toString()).isZero();
        Mails.assertEachToldOnceWithThePasswordTheDomainHolds(fixture.received(), domain(), hires);
    }

    @Test
    void aResetTheDomainControllerDoesNotAnswerInTimeIsTakenAsMaybeDoneAndRepairedByTheSameCommand() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "silent", 6);
        // As above: the fourth request after the first chunk's last message is chunk 2's first reset.
        AtomicReference<CountDownLatch> held = new AtomicReference<>();
        fixture.relay().beforeMessage(3, () -> held.set(this.domainController.holdAnswerTo(4)));

        Cli.Result stopped = runAt(url(), input(hires), "--bulk-resend.ldap.timeout=2s");

        assertStoppedNamingTheDomainController(stopped, url());
        assertThat(held.get().await(0, TimeUnit.SECONDS)).as("the domain's answer was kept from the run").isTrue();
        Reports.Report report = Reports.report(stopped);
        assertThat(report.row(hires.get(3)).status()).isEqualTo("RESET_NOT_NOTIFIED");
        assertThat(report.row(hires.get(3)).reason()).contains("no answer within 2 s");
        assertThat(DomainSeed.pwdLastSet(domain(), hires.get(3))).as("the domain did the reset it did not confirm")
            .isZero();
        Mails.assertEachToldOnceWithThePasswordTheDomainHolds(fixture.received(), domain(), hires.subList(0, 3));

        this.domainController.restore();
        Cli.Result continued = run(input(hires));

        assertThat(continued.exitCode()).as(continued.toString()).isZero();
        Mails.assertEachToldOnceWithThePasswordTheDomainHolds(fixture.received(), domain(), hires);
    }

    @Test
    void aDomainControllerNobodyCanReachStopsTheRunBeforeAnythingChanges() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "unreached", 2);
        this.domainController.cut();

        Cli.Result result = run(input(hires));

        assertStoppedNamingTheDomainController(result, url());
        assertThat(result.err()).contains("no connection could be made")
            .endsWith("the same command continues once it answers. Nothing was changed." + System.lineSeparator());
        assertThat(fixture.received()).isEmpty();
        for (String hire : hires) {
            assertThat(DomainSeed.pwdLastSet(domain(), hire)).isNotZero();
        }
    }

    @Test
    void aConnectionClosedBeforeItsTlsIsUpIsTheDomainControllerGoneNotACertificateProblem() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "balanced", 1);
        // A load balancer whose domain controllers are all down (nothing listens on port 1): it takes the
        // connection and closes it.
        try (TcpForwarder balancer = TcpForwarder.to(domain().address(), 1)) {
            String url = "ldaps://" + domain().address() + ":" + balancer.port();
            Cli.Result result = runAt(url, input(hires));

            assertStoppedNamingTheDomainController(result, url);
            assertThat(result.err()).contains("the connection was closed before TLS was set up")
                .doesNotContain("certificate");
        }
        assertThat(DomainSeed.pwdLastSet(domain(), hires.get(0))).isNotZero();
    }
}
