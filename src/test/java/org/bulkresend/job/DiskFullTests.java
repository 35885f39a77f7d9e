package org.bulkresend.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import ch.qos.logback.classic.LoggerContext;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.bulkresend.support.SmallFilesystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data directory's disk fills up during a run, for real: a small tmpfs. Before these fixes the
 * embedded database let commits "succeed" whose log it could not write, and a run told 26 users
 * passwords of which the directory, reopened, held 25.
 */
class DiskFullTests {

    /** What the run keeps free here: the default (64 MB) would need a tmpfs that large. */
    private static final long MIN_FREE = 256 * 1024;

    /** Its own set-up, not BulkResendFixture: the data directory goes on a small disk mounted here first. */
    @TempDir
    Path temp;

    SmallFilesystem disk;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        String unavailable = SmallFilesystem.unavailableBecause();
        Assumptions.assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        this.disk = SmallFilesystem.mount(this.temp.resolve("disk"), "4m");
    }

    @AfterEach
    void unmount() throws Exception {
        if (this.disk != null) {
            // The logging system keeps the last command's log file open, on this disk, until the next command.
            ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
            this.disk.close();
        }
    }

    @Test
    void aDiskAboutToFillStopsTheRunBeforeAnyoneIsToldAPasswordItCouldNotRecordAndTheSameCommandFinishesLater()
            throws Exception {
        // Data and outbox on the same small disk, as with the default ./data and ./out.
        Cli cli = new Cli(this.disk.root().resolve("work"));
        importSampleDirectory(cli);
        // Room for the margin and a chunk or two of the run, which needs about 250 KB here.
        this.disk.fillLeaving(MIN_FREE + 96 * 1024);

        Console stopped = console(() -> run(cli, "--bulk-resend.data-dir-min-free=" + MIN_FREE));

        assertThat(stopped.result().exitCode()).as(stopped.toString()).isEqualTo(3);
        assertThat(stopped.result().err()).contains("No space left on the device holding " + cli.dataDir(),
                "nobody was reset or told in the chunk it stopped at");
        assertNoStackTrace(stopped);
        // Read back once there is room again: opening the database replays its log as the next run will.
        this.disk.freeFiller();
        Map<String, List<String>> told = passwordsTold(cli);
        assertThat(told).as("the run stopped before the end").hasSizeLessThan(26);
        assertEveryMessageCarriesTheStoredPassword(cli, told);

        Console finished = console(() -> run(cli, "--bulk-resend.data-dir-min-free=" + MIN_FREE));

        assertThat(finished.result().exitCode()).as(finished.toString()).isEqualTo(1);
        assertThat(finished.result().out()).contains("NOTIFIED                            26");
        Map<String, List<String>> all = passwordsTold(cli);
        assertThat(all).hasSize(26).allSatisfy((account, passwords) -> assertThat(passwords).as(account).hasSize(1));
        assertEveryMessageCarriesTheStoredPassword(cli, all);
    }

    /**
     * Without the margin (0), the disk fills while the database writes: its failed log write must
     * fail the commit, so that nothing more goes out. The outbox is on another disk, so the messages
     * themselves can always be written.
     */
    @Test
    void aLogTheDatabaseCouldNotWriteFailsTheCommitAndNoMessageCarriesAPasswordTheDirectoryDoesNotHold()
            throws Exception {
        Path work = this.disk.root().resolve("work");
        Cli cli = new Cli(work);
        importSampleDirectory(cli);
        Files.createSymbolicLink(cli.outDir(), Files.createDirectories(this.temp.resolve("out")));
        // A run needs 60 to 90 KB more of database log and files (measured): it cannot finish in 32 KB.
        this.disk.fillLeaving(32 * 1024);

        Console stopped = console(() -> run(cli, "--bulk-resend.data-dir-min-free=0"));

        assertThat(stopped.result().exitCode()).as(stopped.toString()).isEqualTo(3);
        assertThat(stopped.result().err()).contains("No space left on the device holding " + cli.dataDir(),
                "the embedded database could not write its files");
        assertNoStackTrace(stopped);
        // Read back once there is room again: opening the database replays its log as the next run will.
        this.disk.freeFiller();
        Map<String, List<String>> told = passwordsTold(cli);
        assertThat(told).as("the run stopped before the end").hasSizeLessThan(26);
        assertEveryMessageCarriesTheStoredPassword(cli, told);

        Console finished = console(() -> run(cli, "--bulk-resend.data-dir-min-free=0"));

        assertThat(finished.result().exitCode()).as(finished.toString()).isEqualTo(1);
        assertThat(finished.result().out()).contains("NOTIFIED                            26");
        // With no margin, the failed write may have been a chunk's outcomes, after its messages: those users
        // were told again with a new password (as after a crash at that point), at most one chunk of them.
        EmbeddedDatabase database = new EmbeddedDatabase(cli.dataDir());
        Map<String, List<String>> all = passwordsTold(cli);
        assertThat(all).hasSize(26);
        assertThat(all.values().stream().filter((passwords) -> passwords.size() > 1)).hasSizeLessThanOrEqualTo(5);
        all.forEach((account, passwords) -> assertThat(
                passwords.stream().filter((password) -> database.passwordMatches(account, password)))
            .as("%s can sign in with exactly one of the passwords told", account)
            .hasSize(1));
    }

    private static void importSampleDirectory(Cli cli) {
        Cli.Result imported = cli.run("directory", "import", Contoso.DIRECTORY.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
    }

    private static Cli.Result run(Cli cli, String... extra) {
        String[] args = { "run", "--input", Contoso.NEW_HIRES.toString(), "--chunk-size", "5" };
        return cli.run(Stream.concat(Stream.of(args), Stream.of(extra)).toArray(String[]::new));
    }

    /** Account to the passwords the outbox told it, in the order the files sort. */
    private static Map<String, List<String>> passwordsTold(Cli cli) throws IOException {
        Map<String, List<String>> told = new TreeMap<>();
        Path outbox = cli.outDir().resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return told;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path eml : files.sorted().toList()) {
                MimeMessage message = Mails.parse(eml);
                told.computeIfAbsent(Mails.account(message), (account) -> new ArrayList<>()).add(Mails.password(message));
            }
        }
        return told;
    }

    private static void assertEveryMessageCarriesTheStoredPassword(Cli cli, Map<String, List<String>> told) {
        EmbeddedDatabase database = new EmbeddedDatabase(cli.dataDir());
        told.forEach((account, passwords) -> passwords.forEach((password) -> assertThat(
                database.passwordMatches(account, password))
            .as("%s was told a password the directory holds", account)
            .isTrue()));
    }

    private static void assertNoStackTrace(Console console) {
        assertThat(console.all()).as("what the console showed").doesNotContainPattern("(?m)^\\s+at ")
            .doesNotContain("Exception");
    }

    /**
     * Runs a command and keeps what reached the console: the command line's own output, and what
     * anything else (the logging system) wrote to the process's standard error.
     */
    private static Console console(Supplier<Cli.Result> command) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return new Console(command.get(), captured.toString(StandardCharsets.UTF_8));
        }
        finally {
            System.setErr(original);
        }
    }

    private record Console(Cli.Result result, String systemErr) {

        String all() {
            return this.result.all() + this.systemErr;
        }

        @Override
        public String toString() {
            return this.result + "--- standard error:\n" + this.systemErr;
        }
    }
}
