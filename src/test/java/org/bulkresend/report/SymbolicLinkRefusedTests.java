package org.bulkresend.report;

import java.nio.file.Files;
import java.nio.file.Path;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whoever can plant a symbolic link where the outbox or the reports go would receive every
 * password and every user's address. A command that finds one refuses before anything changes:
 * exit code 2, one line naming the link, nobody reset, nothing written where the link points.
 */
class SymbolicLinkRefusedTests {

    /** The demo's own files, for the demo command. */
    static final Path SAMPLES = Path.of("samples").toAbsolutePath();

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso().withoutMail();

    Path elsewhere;

    @BeforeEach
    void attackersFolder() throws Exception {
        this.elsewhere = Files.createDirectories(fixture.work().resolve("attacker"));
    }

    @Test
    void aLinkedOutboxFolderIsRefused() throws Exception {
        Path link = plant(fixture.cli().outDir().resolve("outbox"), this.elsewhere);

        assertRefusedNaming(run(), link);
    }

    @Test
    void aLinkedReportsFolderIsRefused() throws Exception {
        Path link = plant(fixture.cli().outDir().resolve("reports"), this.elsewhere);

        assertRefusedNaming(run(), link);
    }

    @Test
    void aLinkedFileInTheOutboxIsRefused() throws Exception {
        Files.createDirectories(fixture.cli().outDir().resolve("outbox"));
        Path link = plant(fixture.cli().outDir().resolve("outbox/20260101-000000-line2-grady.archie@contoso.example.eml"),
                this.elsewhere.resolve("stolen.eml"));

        assertRefusedNaming(run(), link);
    }

    @Test
    void aLinkedReportFileIsRefused() throws Exception {
        Path link = plant(fixture.work().resolve("report.csv"), this.elsewhere.resolve("report.csv"));

        assertRefusedNaming(run("--report", link.toString()), link);
    }

    @Test
    void aLinkedPreviewFolderIsRefusedByADryRun() throws Exception {
        Path link = plant(fixture.cli().outDir().resolve("preview"), this.elsewhere);

        assertRefusedNaming(run("--dry-run"), link);
    }

    @Test
    void theDemoRefusesToo() throws Exception {
        Path link = plant(fixture.cli().outDir().resolve("outbox"), this.elsewhere);

        assertRefusedNaming(fixture.cli().run("demo", "--samples", SAMPLES.toString()), link);
    }

    private Cli.Result run(String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "run";
        args[1] = "--input";
        args[2] = fixture.input().toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return fixture.cli().run(args);
    }

    private static Path plant(Path link, Path target) throws Exception {
        assumeTrue(supportsLinks(), "symbolic links");
        Files.createDirectories(link.getParent());
        return Files.createSymbolicLink(link, target);
    }

    private static boolean supportsLinks() {
        return !System.getProperty("os.name").toLowerCase().contains("win");
    }

    private void assertRefusedNaming(Cli.Result result, Path link) throws Exception {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().strip().lines()).as(result.toString()).containsExactly("bulk-resend: " + link
                + " is a symbolic link; bulk-resend writes passwords and reports only into a real folder it owns. "
                + "Nothing was changed.");
        EmbeddedDatabase database = fixture.database();
        assertThat(database.passwordHashes()).as("nobody reset").isEmpty();
        assertThat(database.ledger()).isEmpty();
        assertThat(database.query("SELECT * FROM BATCH_JOB_INSTANCE")).as("no run left behind").isEmpty();
        assertThat(database.query("SELECT * FROM AUDIT_EVENT")).as("refused before the operator signs in").isEmpty();
        assertThat(database.passwordMatches(Cli.OPERATOR, Cli.OPERATOR_PASSWORD)).isTrue();
        try (var written = Files.list(this.elsewhere)) {
            assertThat(written).as("nothing written where the link points").isEmpty();
        }
    }
}
