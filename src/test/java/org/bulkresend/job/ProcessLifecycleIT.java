package org.bulkresend.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Jar;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged jar stopped by SIGTERM mid-run, and a second run started beside a running one. */
class ProcessLifecycleIT {

    static final int USERS = 300;

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path work;

    Jar jar;

    String[] run;

    @BeforeEach
    void tenant() throws Exception {
        Tenant.write(this.work, USERS);
        this.jar = new Jar(this.work, Map.of("BULK_RESEND_DATA_DIR", this.work.resolve("data").toString(),
                "BULK_RESEND_OUT_DIR", this.work.resolve("out").toString(), "BULK_RESEND_PASSWORDS_HASH_COST", "4",
                "BULK_RESEND_OPERATOR_PASSWORD", Tenant.OPERATOR_PASSWORD));
        assertThat(this.jar.run("directory", "import", "directory.csv").code()).isZero();
        this.run = new String[] { "run", "--input", "input.csv", "--smtp-host", "127.0.0.1", "--smtp-port",
                String.valueOf(greenMail.getSmtp().getPort()), "--from", "helpdesk@contoso.example", "--chunk-size",
                "10", "--operator", Tenant.OPERATOR };
    }

    @Test
    void sigtermStopsAtAChunkBoundaryAndTheSameCommandFinishesWithNobodyToldTwice() throws Exception {
        Jar.Started first = this.jar.start(this.run);
        await().atMost(Duration.ofMinutes(5)).until(() -> greenMail.getReceivedMessages().length >= 20);
        Process ps = new ProcessBuilder("ps", "-eo", "args").redirectErrorStream(true).start();
        String processList = new String(ps.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(processList).as("the running job is in the process list").contains("--operator " + Tenant.OPERATOR);
        assertThat(processList.contains(Tenant.OPERATOR_PASSWORD)).as("the operator's password is not").isFalse();

        first.process().destroy();
        Jar.Exit stopped = first.waitForExit(300);

        assertThat(stopped.code()).as(stopped.output()).isEqualTo(3);
        assertThat(stopped.output()).contains("stopping after the current chunk", "stopped after a whole chunk");
        int told = greenMail.getReceivedMessages().length;
        assertThat(told).as("whole chunks only").isLessThan(USERS).isEqualTo(told / 10 * 10);
        EmbeddedDatabase database = new EmbeddedDatabase(this.work.resolve("data"));
        assertThat(database.query("SELECT * FROM RESEND_LEDGER WHERE STATUS <> 'NOTIFIED'"))
            .as("the chunk in flight was finished, not left half done").isEmpty();
        assertThat(this.jar.run("status").output()).contains("STOPPED", "stopped on request");

        Jar.Exit finished = this.jar.run(this.run);

        assertThat(finished.code()).as(finished.output()).isZero();
        MimeMessage[] all = greenMail.getReceivedMessages();
        assertThat(all).hasSize(USERS);
        Set<String> recipients = new HashSet<>();
        for (MimeMessage message : all) {
            assertThat(recipients.add(Mails.to(message))).as("told once: %s", Mails.to(message)).isTrue();
        }
        List<Map<String, Object>> ledger = database.ledger();
        assertThat(ledger).hasSize(USERS).allSatisfy((row) -> assertThat(row.get("STATUS")).isEqualTo("NOTIFIED"));
    }

    @Test
    void aSecondRunOnTheSameDataDirectoryIsRefusedWhileOneIsRunning() throws Exception {
        Jar.Started first = this.jar.start(this.run);
        await().atMost(Duration.ofMinutes(5)).until(() -> greenMail.getReceivedMessages().length >= 10);

        Jar.Exit second = this.jar.run("run", "--input", "directory.csv", "--operator", Tenant.OPERATOR);

        assertThat(second.code()).isEqualTo(2);
        assertThat(second.output()).contains("Another bulk-resend run is using the data directory", "process "
                + first.process().pid(), "Nothing was changed");
        assertThat(first.waitForExit(300).code()).isZero();
        assertThat(greenMail.getReceivedMessages()).hasSize(USERS);
    }
}
