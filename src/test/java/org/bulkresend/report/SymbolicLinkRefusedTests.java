package org.bulkresend.report;

import java.nio.file.Files;
import java.nio.file.Path;

import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whoever can plant a symbolic link where the outbox or the reports go would receive every
 * password and every user's address. A command that finds one refuses before anything changes:
 * exit code 2, one line naming the link, nobody reset, nothing written where the link points.
 */
class SymbolicLinkRefusedTests {

    static final Path SAMPLES = Path.of("samples").toAbsolutePath();

    @TempDir
    Path work;

    Cli cli;

    Path elsewhere;

    @BeforeEach
    void importSampleDirectory() throws Exception {
        this.cli = new Cli(this.work);
        assertThat(this.cli.run("directory", "import", SAMPLES.resolve("directory.csv").toString()).exitCode()).isZero();
        this.elsewhere = Files.createDirectories(this.work.resolve("attacker"));
    }

    @Test
    void aLinkedOutboxFolderIsRefused() throws Exception {
        Path link = plant(this.cli.outDir().resolve("outbox"), this.elsewhere);

        assertRefusedNaming(run(), link);
    }

    @Test
    void aLinkedReportsFolderIsRefused() throws Exception {
        Path link = plant(this.cli.outDir().resolve("reports"), this.elsewhere);

        assertRefusedNaming(run(), link);
    }

    @Test
    void aLinkedFileInTheOutboxIsRefused() throws Exception {
        Files.createDirectories(this.cli.outDir().resolve("outbox"));
        Path link = plant(this.cli.outDir().resolve("outbox/20260101-000000-line2-grady.archie@contoso.example.eml"),
                this.elsewhere.resolve("stolen.eml"));

        assertRefusedNaming(run(), link);
    }

    @Test
    void aLinkedReportFileIsRefused() throws Exception {
        Path link = plant(this.work.resolve("report.csv"), this.elsewhere.resolve("report.csv"));

        assertRefusedNaming(run("--report", link.toString()), link);
    }

    @Test
    void aLinkedPreviewFolderIsRefusedByADryRun() throws Exception {
        Path link = plant(this.cli.outDir().resolve("preview"), this.elsewhere);

        assertRefusedNaming(run("--dry-run"), link);
    }

    @Test
    void theDemoRefusesToo() throws Exception {
        Path link = plant(this.cli.outDir().resolve("outbox"), this.elsewhere);

        assertRefusedNaming(this.cli.run("demo", "--samples", SAMPLES.toString()), link);
    }

    private Cli.Result run(String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "run";
        args[1] = "--input";
        args[2] = SAMPLES.resolve("new-hires.csv").toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return this.cli.run(args);
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
        EmbeddedDatabase database = new EmbeddedDatabase(this.cli.dataDir());
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
