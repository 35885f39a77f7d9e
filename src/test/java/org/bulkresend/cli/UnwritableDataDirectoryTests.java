package org.bulkresend.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.bulkresend.support.Cli;
import org.bulkresend.support.SmallFilesystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory bulk-resend cannot write is the admin's to fix: exit 2, one line naming the path
 * and what is wrong, before anything starts. Root ignores permission bits, so these use what stops
 * root too: a file in the way, a read-only device.
 */
class UnwritableDataDirectoryTests {

    @TempDir
    Path work;

    static void assertOneLineExitTwo(Cli.Result result, String... expected) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).as(result.toString()).hasSize(1);
        assertThat(result.err()).startsWith("bulk-resend: The data directory ").contains(expected)
            .contains("Nothing was changed.");
    }

    @Test
    void aDataDirectoryThatIsAFile() throws Exception {
        Path file = Files.writeString(this.work.resolve("data"), "not a folder");

        assertOneLineExitTwo(Cli.raw("status", "--data-dir=" + file), file + " is a file, not a folder");
    }

    @Test
    void aDataDirectoryUnderAFile() throws Exception {
        Path file = Files.writeString(this.work.resolve("state"), "not a folder");

        assertOneLineExitTwo(Cli.raw("status", "--data-dir=" + file.resolve("data")),
                file + " is a file, not a folder");
    }

    @Test
    void aLogFolderThatIsAFile() throws Exception {
        Path data = Files.createDirectories(this.work.resolve("data"));
        Path logs = Files.writeString(data.resolve("logs"), "not a folder");

        assertOneLineExitTwo(Cli.raw("status", "--data-dir=" + data), logs + " is a file, not a folder");
    }

    @Test
    void aDatabaseFolderThatIsAFile() throws Exception {
        Path data = Files.createDirectories(this.work.resolve("data"));
        Path db = Files.writeString(data.resolve("db"), "not a folder");

        assertOneLineExitTwo(Cli.raw("directory", "list", "--data-dir=" + data), db + " is a file, not a folder");
    }

    @Test
    void aDataDirectoryOnAReadOnlyDevice() throws Exception {
        String unavailable = SmallFilesystem.unavailableBecause();
        Assumptions.assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        try (SmallFilesystem disk = SmallFilesystem.mount(this.work.resolve("disk"), "1m")) {
            Files.createDirectories(disk.root().resolve("data"));
            disk.remountReadOnly();

            assertOneLineExitTwo(Cli.raw("directory", "import", this.work.resolve("users.csv").toString(),
                    "--data-dir=" + disk.root().resolve("data")),
                    disk.root().resolve("data") + "/", ": read-only file system");
        }
    }
}
