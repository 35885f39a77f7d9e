package org.bulkresend.directory.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.bulkresend.support.DomainSeed;
import org.bulkresend.support.Jar;
import org.bulkresend.support.Mails;
import org.bulkresend.support.SambaDomain;
import org.bulkresend.support.SmtpRelay;
import org.bulkresend.support.TcpForwarder;
import org.bulkresend.support.TestCertificateAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar with {@code --directory ad}, configured by environment variables as a schedule
 * would, killed with SIGKILL while a user's password is set in the Samba domain and the user is not
 * told yet, then run again: everyone ends told once, with the password the domain holds, and nobody
 * told is reset again. The jar reaches the mail server through an {@link SmtpRelay} and the domain
 * controller through a {@link TcpForwarder}, which hold a message or the answer to a reset at a
 * chosen point, so the kill lands there whatever the machine's speed.
 */
class ActiveDirectoryKillIT {

    static final int USERS = 20;

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path work;

    SmtpRelay relay;

    TcpForwarder domainController;

    Jar jar;

    String[] run;

    static SambaDomain domain() {
        return SambaDomain.shared();
    }

    /** {@value #USERS} new hires of this prefix in the domain, and the command that resets them in chunks of 5. */
    List<String> hires(String prefix) throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), prefix, USERS);
        List<String> rows = new ArrayList<>(List.of("userPrincipalName"));
        rows.addAll(hires);
        Files.write(this.work.resolve("input.csv"), rows, StandardCharsets.UTF_8);
        return hires;
    }

    @BeforeEach
    void start() throws Exception {
        this.relay = new SmtpRelay(greenMail.getSmtp().getPort());
        this.domainController = TcpForwarder.to(domain().address(), 636);
        Map<String, String> env = new HashMap<>();
        env.put("BULK_RESEND_DATA_DIR", this.work.resolve("data").toString());
        env.put("BULK_RESEND_OUT_DIR", this.work.resolve("out").toString());
        env.put("BULK_RESEND_DIRECTORY", "ad");
        env.put("BULK_RESEND_LDAP_URL", "ldaps://" + domain().address() + ":" + this.domainController.port());
        env.put("BULK_RESEND_LDAP_CA_FILE", TestCertificateAuthority.caFile().toString());
        // A held answer is waited for as long as the test needs to kill, however slow the machine.
        env.put("BULK_RESEND_LDAP_TIMEOUT", "10m");
        env.put("BULK_RESEND_OPERATOR_PASSWORD", DomainSeed.HELPDESK_PASSWORD);
        this.jar = new Jar(this.work, env);
        this.run = new String[] { "run", "--input", "input.csv", "--operator", DomainSeed.HELPDESK, "--smtp-host",
                "127.0.0.1", "--smtp-port", String.valueOf(this.relay.port()), "--from", "helpdesk@contoso.test",
                "--chunk-size", "5" };
    }

    @AfterEach
    void stop() throws Exception {
        this.domainController.close();
        this.relay.close();
    }

    /** Starts the command, waits until the hold is reached, and kills it with SIGKILL. */
    void killWhenHeld(AtomicReference<CountDownLatch> held) throws Exception {
        Jar.Started first = this.jar.start(this.run);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (held.get() == null && first.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(held.get()).as("the hold was set before the command ended: %s", first.output()).isNotNull();
        assertThat(held.get().await(180, TimeUnit.SECONDS)).as("the hold was reached: %s", first.output()).isTrue();
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Runs the same command again: everyone told once, with the password the domain holds. */
    void assertTheSameCommandTellsEveryoneOnce(List<String> hires) throws Exception {
        Jar.Exit finished = this.jar.run(this.run);

        assertThat(finished.code()).as(finished.output()).isZero();
        assertThat(finished.output()).doesNotContain(DomainSeed.HELPDESK_PASSWORD);
        Mails.assertEachToldOnceWithThePasswordTheDomainHolds(greenMail.getReceivedMessages(), domain(), hires);
    }

    @Test
    void killedWhileTheMailServerHoldsAMessageTheSameCommandTellsThatUserOnceThePasswordTheDomainHolds()
            throws Exception {
        List<String> hires = hires("killmail");
        // The 13th message: the third of the third chunk, whose five users are reset, two of them told.
        AtomicReference<CountDownLatch> held = new AtomicReference<>(this.relay.holdMessage(13));

        killWhenHeld(held);

        String heldUser = hires.get(12);
        Mails.assertEachToldOnceWithThePasswordTheDomainHolds(greenMail.getReceivedMessages(), domain(),
                hires.subList(0, 12));
        assertThat(DomainSeed.pwdLastSet(domain(), heldUser)).as("%s is reset and not told", heldUser).isZero();
        assertTheSameCommandTellsEveryoneOnce(hires);
    }

    @Test
    void killedWhileTheDomainControllerHoldsTheAnswerToAResetTheSameCommandResetsAndTellsThatUser()
            throws Exception {
        List<String> hires = hires("killreset");
        // After the first chunk's last message, chunk 2 is looked up in three searches (its users, and the
        // members of Domain Admins and of Enterprise Admins among them), then reset one by one: the sixth
        // request is the reset of its third user.
        AtomicReference<CountDownLatch> held = new AtomicReference<>();
        this.relay.beforeMessage(5, () -> held.set(this.domainController.holdAnswerTo(6)));

        killWhenHeld(held);

        Mails.assertEachToldOnceWithThePasswordTheDomainHolds(greenMail.getReceivedMessages(), domain(),
                hires.subList(0, 5));
        for (String reset : hires.subList(5, 8)) {
            assertThat(DomainSeed.pwdLastSet(domain(), reset)).as("%s is reset and not told", reset).isZero();
        }
        for (String untouched : hires.subList(8, USERS)) {
            assertThat(DomainSeed.pwdLastSet(domain(), untouched)).as("%s is not reset", untouched).isNotZero();
        }
        assertTheSameCommandTellsEveryoneOnce(hires);
    }
}
