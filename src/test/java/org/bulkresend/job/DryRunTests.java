package org.bulkresend.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --dry-run}: the whole rehearsal, and nothing changed. */
class DryRunTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso();

    @Test
    void aDryRunPreviewsEveryMessageChangesNothingAndDoesNotHoldBackTheRealRun() throws Exception {
        EmbeddedDatabase database = fixture.database();
        Path earlier = Files.writeString(fixture.work().resolve("earlier.csv"), """
                userPrincipalName
                emma.wright@contoso.example
                """);
        fixture.run(earlier);
        fixture.greenMail().purgeEmailFromAllMailboxes();
        List<Map<String, Object>> directoryBefore = database.query("SELECT * FROM DIRECTORY_USER ORDER BY UPN_KEY");
        List<Map<String, Object>> ledgerBefore = database.ledger();
        List<Map<String, Object>> runsBefore = database.query("SELECT * FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID");

        Cli.Result dry = fixture.run(fixture.input(), "--dry-run");

        assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(1);
        // emma.wright was told by the earlier run: skipped; the other 25 eligible users are previewed.
        assertThat(dry.out()).contains("Dry run: nothing was reset, sent or recorded. 25 users would be reset and told",
                "PREVIEWED                           25", "SKIPPED_ALREADY_NOTIFIED             1", "-dry-run-report.csv");
        assertThat(fixture.received()).as("nothing sent").isEmpty();
        assertThat(database.query("SELECT * FROM DIRECTORY_USER ORDER BY UPN_KEY")).isEqualTo(directoryBefore);
        assertThat(database.ledger()).isEqualTo(ledgerBefore);
        assertThat(database.query("SELECT * FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID"))
            .as("no run recorded").isEqualTo(runsBefore);

        Reports.Report report = Reports.report(dry);
        assertThat(report.row("grady.archie@contoso.example").status()).isEqualTo("PREVIEWED");
        assertThat(report.row("nobody.here@contoso.example").status()).isEqualTo("REJECTED_UNKNOWN_USER");
        assertThat(report.row("emma.wright@contoso.example").status()).isEqualTo("SKIPPED_ALREADY_NOTIFIED");
        Path previews = Path.of(dry.out().lines().filter((l) -> l.startsWith("Previews:")).findFirst().orElseThrow()
            .substring("Previews:".length()).strip().split("\\s+")[0]);
        List<Path> files;
        try (Stream<Path> listing = Files.list(previews)) {
            files = listing.toList();
        }
        assertThat(files).hasSize(25);
        for (Path file : files) {
            MimeMessage preview = Mails.parse(file);
            assertThat(Mails.password(preview)).isEqualTo(PreviewSequence.PASSWORD_PLACEHOLDER);
            String account = Mails.account(preview);
            assertThat(Mails.to(preview)).isEqualTo(Contoso.TOLD.get(account));
        }

        Cli.Result real = fixture.run(fixture.input());

        assertThat(real.exitCode()).as("the dry run did not hold the real run back\n" + real).isEqualTo(1);
        assertThat(real.out()).contains("NOTIFIED                            25");
        assertThat(fixture.received()).hasSize(25);
    }

    @Test
    void aDryRunChecksTheMailServerToo() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        Cli.Result dry = fixture.cli().run("run", "--input", fixture.input().toString(),
                "--dry-run", "--smtp-host", "127.0.0.1", "--smtp-port", String.valueOf(closed), "--from",
                "helpdesk@contoso.example");

        assertThat(dry.exitCode()).isEqualTo(3);
        assertThat(dry.err()).contains("does not answer");
    }
}
