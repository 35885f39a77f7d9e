package org.bulkresend.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The option every command has: where the embedded database lives. */
class DataOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:BULK_RESEND_DATA_DIR:-./data}",
            description = "Embedded database (directory, ledger, job repository) and log file. "
                    + "Default: ${DEFAULT-VALUE} (env BULK_RESEND_DATA_DIR).")
    Path dataDir;

    /** The command these options belong to: its output, and the arguments it passes on to Spring. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** A command's own work in its session, with the command's output and error streams. */
    @FunctionalInterface
    interface Work {

        /** Does the work and returns the command's exit code. */
        int run(SpringSession session, PrintWriter out, PrintWriter err);
    }

    /**
     * For a command that only reads what earlier commands recorded ({@code status}, {@code audit},
     * {@code followup}, {@code directory list}): a data directory without bulk-resend's database is
     * a mistake in {@code --data-dir}, said as such, rather than a new empty database.
     */
    void requireDatabase() {
        if (nothingThere(dataDir())) {
            throw new UsageException("There is no bulk-resend data directory at " + dataDir() + " (nothing has been "
                    + "run or imported with it, and this command creates none): give the one your runs used with "
                    + "--data-dir (or env BULK_RESEND_DATA_DIR).");
        }
    }

    /**
     * True if bulk-resend never made anything at the path: no folder (under a folder), or a folder
     * without its database and log. Something else in the way (a file where a folder goes) is left
     * to the start's own check, which names it.
     */
    private static boolean nothingThere(Path dataDir) {
        if (Files.notExists(dataDir)) {
            Path existing = dataDir.getParent();
            while (existing != null && Files.notExists(existing)) {
                existing = existing.getParent();
            }
            return existing == null || Files.isDirectory(existing);
        }
        Path database = dataDir.resolve("db");
        return Files.isDirectory(dataDir) && Files.notExists(dataDir.resolve("logs"))
                && (Files.notExists(database) || (Files.isDirectory(database)
                        && Files.notExists(database.resolve("bulk-resend.properties"))
                        && Files.notExists(database.resolve("bulk-resend.script"))));
    }

    /** {@link #inSession} for a command that only reads: refused where there is nothing to read. */
    int reading(Work work) {
        requireDatabase();
        return inSession(work);
    }

    /**
     * Starts the session of a command that only needs the data directory ({@code status},
     * {@code audit}, {@code directory}), does the command's work and closes it; returns the exit code.
     */
    int inSession(Work work) {
        try (SpringSession session = start(this.command)) {
            return work.run(session, this.command.commandLine().getOut(), this.command.commandLine().getErr());
        }
    }

    Path dataDir() {
        return this.dataDir.toAbsolutePath().normalize();
    }

    /** Starts the session of a command that takes no other settings, with the admin's own {@code --name=value}. */
    SpringSession start(CommandSpec spec) {
        return SpringSession.start(dataDir(), settings(), BulkResendCli.passthrough(spec));
    }

    /** The session's settings from this option, typed. */
    Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        // Text, not a Path: the database's address and the log file's name are built from it by placeholders.
        settings.put("bulk-resend.data-dir", dataDir().toString());
        return settings;
    }
}
