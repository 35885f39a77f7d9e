package org.bulkresend.schedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.bulkresend.support.Jar;
import org.bulkresend.support.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code watch} as a service runs it: the packaged jar, a file dropped while it waits, then SIGTERM. */
class WatchProcessIT {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path work;

    Jar jar;

    @BeforeEach
    void tenant() throws Exception {
        Tenant.write(this.work, 5);
        this.jar = new Jar(this.work, Map.of("BULK_RESEND_DATA_DIR", this.work.resolve("data").toString(),
                "BULK_RESEND_OUT_DIR", this.work.resolve("out").toString(), "BULK_RESEND_PASSWORDS_HASH_COST", "4",
                "BULK_RESEND_OPERATOR_PASSWORD", Tenant.OPERATOR_PASSWORD));
        assertThat(this.jar.run("directory", "import", "directory.csv").code()).isZero();
    }

    @Test
    void aFileDroppedWhileWatchingIsRunAtTheNextRoundAndSigtermStopsTheWatchCleanly() throws Exception {
        Path inbox = this.work.resolve("inbox");
        Jar.Started watch = this.jar.start("watch", "--inbox", inbox.toString(), "--create-inbox", "--every", "2s", "--settle", "1s",
                "--smtp-host", "127.0.0.1", "--smtp-port", String.valueOf(greenMail.getSmtp().getPort()), "--from",
                "helpdesk@contoso.example", "--operator", Tenant.OPERATOR);
        await().atMost(Duration.ofMinutes(5)).until(() -> watch.output().contains("Watching " + inbox));

        // Copied in under a temporary name and renamed, as a careful script drops a file.
        Path partial = inbox.resolve(".new-hires.csv.part");
        Files.copy(this.work.resolve("input.csv"), partial);
        Files.move(partial, inbox.resolve("new-hires.csv"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofMinutes(5)).until(() -> Files.exists(inbox.resolve("processed/new-hires.csv"))
                && watch.output().contains("Moved to"));
        assertThat(watch.process().isAlive()).as("it keeps watching").isTrue();

        watch.process().destroy();
        Jar.Exit stopped = watch.waitForExit(300);

        assertThat(stopped.code()).as(stopped.output()).isZero();
        assertThat(stopped.output()).contains("watch stopped");
        assertThat(greenMail.getReceivedMessages()).hasSize(5);
        assertThat(inbox.resolve("processed/new-hires.csv.report.csv")).exists();
        assertThat(this.jar.run("status").output()).contains("new-hires.csv", "COMPLETED");
    }
}
