package org.bulkresend.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The option every command has: where the embedded database lives. */
class DataOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:BULK_RESEND_DATA_DIR:-./data}",
            description = "Embedded database (directory, ledger, job repository) and log file. "
                    + "Default: ${DEFAULT-VALUE} (env BULK_RESEND_DATA_DIR).")
    Path dataDir;

    Path dataDir() {
        return this.dataDir.toAbsolutePath().normalize();
    }

    /** Starts the session of a command that takes no other settings, with the admin's own {@code --name=value}. */
    SpringSession start(CommandSpec spec) {
        List<String> args = springArgs();
        args.addAll(BulkResendCli.passthrough(spec));
        return SpringSession.start(dataDir(), args);
    }

    List<String> springArgs() {
        List<String> args = new ArrayList<>();
        args.add("--bulk-resend.data-dir=" + dataDir());
        return args;
    }
}
