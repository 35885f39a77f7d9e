package org.bulkresend.cli;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The options of every command that resets passwords ({@code run}, {@code restart},
 * {@code watch}, {@code followup}, {@code expire}): where the data lives, how the job runs and
 * sends, and which directory it works on; and starting the command's session with them.
 */
class RunSettings {

    @Mixin
    DataOptions data;

    @Mixin
    JobOptions job;

    @Mixin
    DirectoryOptions directory;

    Path dataDir() {
        return this.data.dataDir();
    }

    boolean quiet() {
        return this.job.quiet;
    }

    /** The settings for the session, checked, and the admin's own {@code --name=value} arguments after them. */
    List<String> springArgs(CommandSpec spec) {
        return BulkResendCli.springArgs(spec, this.data, this.job, this.directory);
    }

    /** Starts the command's session, holding the data directory for as long as it is open. */
    SpringSession start(CommandSpec spec) {
        return SpringSession.start(dataDir(), springArgs(spec));
    }
}
