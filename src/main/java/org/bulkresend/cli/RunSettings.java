package org.bulkresend.cli;

import java.nio.file.Path;
import java.util.Map;

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

    /** The session's settings from these options, checked and typed. */
    Map<String, Object> settings() {
        return BulkResendCli.settings(this.data, this.job, this.directory);
    }

    /**
     * Starts the command's session with these settings and the admin's own {@code --name=value}
     * arguments, holding the data directory for as long as it is open.
     */
    SpringSession start(CommandSpec spec) {
        return SpringSession.start(dataDir(), settings(), BulkResendCli.passthrough(spec));
    }
}
