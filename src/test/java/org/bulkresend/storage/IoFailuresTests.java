package org.bulkresend.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A failed write says why, in words, and names a path once: the one that is the problem. */
class IoFailuresTests {

    @TempDir
    Path work;

    @Test
    void aFileWhereAFolderGoesIsNamedAsTheReason() throws Exception {
        Path file = Files.writeString(this.work.resolve("reports"), "not a folder");
        IOException failure = catchThrowableOfType(IOException.class,
                () -> Files.writeString(file.resolve("run-report.csv"), "x"));

        assertThat(IoFailures.reason(failure)).isEqualTo(file + " is a file, not a folder");
        assertThat(IoFailures.describe(failure)).isEqualTo(file + " is a file, not a folder");
    }

    @Test
    void aMissingFolderIsNamedAndThePathIsNotRepeated() {
        Path target = this.work.resolve("no-such-folder").resolve("run-report.csv");
        IOException failure = catchThrowableOfType(IOException.class, () -> Files.writeString(target, "x"));

        assertThat(IoFailures.reason(failure)).isEqualTo("the folder " + target.getParent() + " does not exist");
        assertThat(IoFailures.describe(failure))
            .isEqualTo(target + ": the folder " + target.getParent() + " does not exist");
        assertThat(("could not write " + target + ": " + IoFailures.reason(failure)).split(target.toString(), -1))
            .as("the report's path once").hasSize(2);
    }

    @Test
    void aRefusalIsPermissionDeniedHoweverItIsWrapped() {
        AccessDeniedException denied = new AccessDeniedException("/srv/out/reports/run-report.csv");

        assertThat(IoFailures.reason(denied)).isEqualTo("permission denied");
        assertThat(IoFailures.reason((Exception) new UncheckedIOException(denied))).isEqualTo("permission denied");
        assertThat(IoFailures.describe(denied)).isEqualTo("/srv/out/reports/run-report.csv: permission denied");
    }

    @Test
    void whetherAFolderCouldBeWrittenIsFoundWithoutMakingIt() throws Exception {
        Path missing = this.work.resolve("data").resolve("db");
        Path file = Files.writeString(this.work.resolve("taken"), "not a folder");

        assertThat(IoFailures.whyFolderCannotBeWritten(this.work)).isEmpty();
        assertThat(IoFailures.whyFolderCannotBeWritten(missing)).isEmpty();
        assertThat(this.work.resolve("data")).as("nothing was made").doesNotExist();
        assertThat(IoFailures.whyFolderCannotBeWritten(file.resolve("data"))).hasValue(file + " is a file, not a folder");
        assertThat(IoFailures.nearestExisting(missing)).isEqualTo(this.work);
    }
}
