package org.bulkresend.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --dry-run}: the whole rehearsal, and nothing changed. */
class DryRunTests {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path work;

    @Test
    void aDryRunPreviewsEveryMessageChangesNothingAndDoesNotHoldBackTheRealRun() throws Exception {
        Cli cli = new Cli(this.work);
        EmbeddedDatabase database = new EmbeddedDatabase(cli.dataDir());
        cli.run("directory", "import", ResendJobTests.SAMPLES.resolve("directory.csv").toString());
        String port = String.valueOf(greenMail.getSmtp().getPort());
        Path earlier = Files.writeString(this.work.resolve("earlier.csv"), """
                userPrincipalName
                emma.wright@contoso.example
                """);
        cli.run("run", "--input", earlier.toString(), "--smtp-host", "127.0.0.1", "--smtp-port", port, "--from",
                "helpdesk@contoso.example");
        greenMail.purgeEmailFromAllMailboxes();
        List<Map<String, Object>> directoryBefore = database.query("SELECT * FROM DIRECTORY_USER ORDER BY UPN_KEY");
        List<Map<String, Object>> ledgerBefore = database.ledger();
        List<Map<String, Object>> runsBefore = database.query("SELECT * FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID");
        Path input = ResendJobTests.SAMPLES.resolve("new-hires.csv");
        String[] run = { "run", "--input", input.toString(), "--smtp-host", "127.0.0.1", "--smtp-port", port,
                "--from", "helpdesk@contoso.example" };

        Cli.Result dry = cli.run(Stream.concat(Stream.of(run), Stream.of("--dry-run")).toArray(String[]::new));

        assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(1);
        // emma.wright (line 9) was told by the earlier run: skipped; the other 25 eligible users are previewed.
        assertThat(dry.out()).contains("Dry run: nothing was reset, sent or recorded. 25 users would be reset and told",
                "PREVIEWED                           25", "SKIPPED_ALREADY_NOTIFIED             1", "-dry-run-report.csv");
        assertThat(greenMail.getReceivedMessages()).as("nothing sent").isEmpty();
        assertThat(database.query("SELECT * FROM DIRECTORY_USER ORDER BY UPN_KEY")).isEqualTo(directoryBefore);
        assertThat(database.ledger()).isEqualTo(ledgerBefore);
        assertThat(database.query("SELECT * FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID"))
            .as("no run recorded").isEqualTo(runsBefore);

        Map<String, List<String>> report = ResendJobTests.report(dry);
        assertThat(report.get("2")).containsSubsequence("grady.archie@contoso.example", "PREVIEWED");
        assertThat(report.get("28").get(4)).isEqualTo("REJECTED_UNKNOWN_USER");
        assertThat(report.get("9").get(4)).isEqualTo("SKIPPED_ALREADY_NOTIFIED");
        Path previews = Path.of(dry.out().lines().filter((l) -> l.startsWith("Previews:")).findFirst().orElseThrow()
            .substring("Previews:".length()).strip().split("\\s+")[0]);
        List<Path> files;
        try (Stream<Path> listing = Files.list(previews)) {
            files = listing.toList();
        }
        assertThat(files).hasSize(25);
        for (Path file : files) {
            MimeMessage preview = Mails.parse(file);
            assertThat(Mails.password(preview)).isEqualTo(DryRunner.PASSWORD_PLACEHOLDER);
            String account = Mails.account(preview);
            assertThat(Mails.to(preview)).isEqualTo(ResendJobTests.EXPECTED_RECIPIENTS.get(account));
        }

        Cli.Result real = cli.run(run);

        assertThat(real.exitCode()).as("the dry run did not hold the real run back\n" + real).isEqualTo(1);
        assertThat(real.out()).contains("NOTIFIED                            25");
        assertThat(greenMail.getReceivedMessages()).hasSize(25);
    }

    @Test
    void aDryRunChecksTheMailServerToo() throws Exception {
        Cli cli = new Cli(this.work);
        cli.run("directory", "import", ResendJobTests.SAMPLES.resolve("directory.csv").toString());
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        Cli.Result dry = cli.run("run", "--input", ResendJobTests.SAMPLES.resolve("new-hires.csv").toString(),
                "--dry-run", "--smtp-host", "127.0.0.1", "--smtp-port", String.valueOf(closed), "--from",
                "helpdesk@contoso.example");

        assertThat(dry.exitCode()).isEqualTo(3);
        assertThat(dry.err()).contains("does not answer");
    }
}
