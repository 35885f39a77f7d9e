package org.bulkresend.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bulkresend.instance.PostgresRunLocks;
import org.bulkresend.storage.IoFailures;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command that opens the database has: the data directory, and the PostgreSQL
 * server that holds the database instead of the data directory's embedded one, if any.
 */
class DataOptions {

    /** The database's password, never an argument: the process list and the shell history would show it. */
    static final String PASSWORD_VARIABLE = "BULK_RESEND_DATABASE_PASSWORD";

    private static final String POSTGRESQL = "jdbc:postgresql://";

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:BULK_RESEND_DATA_DIR:-./data}",
            description = "Embedded database (directory, ledger, job repository), log file and lock. "
                    + "Default: ${DEFAULT-VALUE} (env BULK_RESEND_DATA_DIR).")
    Path dataDir;

    @Option(names = "--database", paramLabel = "URL", defaultValue = "${env:BULK_RESEND_DATABASE_URL}",
            description = "A PostgreSQL database (jdbc:postgresql://host:port/database) for the job repository, "
                    + "ledger, audit trail and embedded directory, instead of the data directory's own "
                    + "(env BULK_RESEND_DATABASE_URL). Password: env " + PASSWORD_VARIABLE
                    + " or --database-password-file.")
    String database;

    @Option(names = "--database-user", paramLabel = "NAME", defaultValue = "${env:BULK_RESEND_DATABASE_USER}",
            description = "The PostgreSQL user bulk-resend signs in as (env BULK_RESEND_DATABASE_USER).")
    String databaseUser;

    @Option(names = "--database-password-file", paramLabel = "FILE",
            description = "A file whose first line is the PostgreSQL user's password; without it, env "
                    + PASSWORD_VARIABLE + ".")
    Path databasePasswordFile;

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
        if (database() == null && nothingThere(dataDir())) {
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
    static boolean nothingThere(Path dataDir) {
        if (Files.notExists(dataDir)) {
            Path existing = IoFailures.nearestExisting(dataDir);
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

    /**
     * The session's settings from these options, typed. With {@code --database}, Spring's data
     * source is the PostgreSQL server's, with its user and password; the password is a setting of
     * the session only, never an argument or a job parameter.
     * @throws UsageException if {@code --database} is not a PostgreSQL address, or its password file cannot be read
     */
    Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        // Text, not a Path: the database's address and the log file's name are built from it by placeholders.
        settings.put("bulk-resend.data-dir", dataDir().toString());
        String url = database();
        if (url != null) {
            if (!url.startsWith(POSTGRESQL) || url.length() == POSTGRESQL.length()) {
                throw new UsageException("--database (or env BULK_RESEND_DATABASE_URL) must be a PostgreSQL address, "
                        + "jdbc:postgresql://host:port/database; no other database is supported. Nothing was changed.");
            }
            settings.put("spring.datasource.url", url);
            settings.put("spring.datasource.username", (this.databaseUser != null) ? this.databaseUser : "");
            settings.put("spring.datasource.password", password());
            settings.put("spring.datasource.hikari.connection-init-sql", PostgresRunLocks.KEEPALIVES);
        }
        return settings;
    }

    /** The PostgreSQL database's address, or null for the data directory's embedded database. */
    String database() {
        return (this.database == null || this.database.isBlank()) ? null : this.database.strip();
    }

    /** The first line of the password file if one is given, else the environment's, else none (empty). */
    private String password() {
        if (this.databasePasswordFile != null) {
            try {
                return Files.readAllLines(this.databasePasswordFile, StandardCharsets.UTF_8)
                    .stream()
                    .findFirst()
                    .orElse("");
            }
            catch (IOException ex) {
                throw new UsageException("--database-password-file: " + this.databasePasswordFile + " cannot be read: "
                        + ex.getMessage() + ". Nothing was changed.");
            }
        }
        String value = System.getenv(PASSWORD_VARIABLE);
        return (value != null) ? value : "";
    }
}
