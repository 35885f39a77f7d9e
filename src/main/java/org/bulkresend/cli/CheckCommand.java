package org.bulkresend.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.bulkresend.directory.AccessCheck;
import org.bulkresend.run.RunCheck;
import org.bulkresend.storage.IoFailures;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code check}: the options of {@code run}, and each thing a run needs tried without changing
 * anything. A data directory that does not exist is not created: a temporary one stands in for it,
 * and is deleted; so does one for a database that cannot be opened, so that the other checks still
 * run.
 */
@Command(name = "check", sortOptions = false, mixinStandardHelpOptions = true,
        description = { "Check the set-up before a run, changing nothing: the database, the directory's sign-in "
                + "and permissions, the operator and whom they may reset, the mail route (the same probe a run makes "
                + "before its first reset), the sending limits and how much of today's quota is used, the templates, "
                + "and with --input what a run of the file would do.",
                "Takes the same options, environment variables and settings as run. Each line starts with \u2713 or "
                        + "\u2717; a \u2717 line says what to do." })
class CheckCommand implements Callable<Integer> {

    @Option(names = { "-i", "--input" }, paramLabel = "FILE",
            description = "Also check this CSV file: its format, its rows, and how many users a run of it would "
                    + "reset, deny or reject (no previews, no report).")
    Path input;

    @Option(names = "--json", description = "Print the checks as a JSON array, for scripts: check, ok, detail and "
            + "todo (null when it works).")
    boolean json;

    @Mixin
    RowOptions rows;

    @Mixin
    RunSettings settings;

    @Mixin
    OperatorOptions operator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        this.rows.check();
        Map<String, Object> settings = this.settings.settings();
        List<String> springArgs = BulkResendCli.passthrough(this.spec);
        Path dataDir = this.settings.dataDir();
        boolean postgres = this.settings.data.database() != null;
        AccessCheck database = null;
        Path temporary = null;
        SpringSession session;
        try {
            // A data directory that is not there yet is not made: the lock and the log go to a temporary one.
            if (DataOptions.nothingThere(dataDir)) {
                temporary = temporaryDataDirectory();
            }
            if (temporary != null && !postgres) {
                database = noDataDirectoryYet(dataDir);
                session = SpringSession.start(temporary, in(settings, temporary, false), springArgs);
            }
            else {
                Path home = (temporary != null) ? temporary : dataDir;
                try {
                    session = SpringSession.start(home, in(settings, home, postgres), springArgs);
                }
                catch (RuntimeException unusable) {
                    // Any other setting that stopped the start stops the temporary one as well, and is told as such.
                    database = AccessCheck.failed("database", Sentence.of(unusable.getMessage())
                        .replace(" Nothing was changed.", ""), postgres
                                ? "correct --database, --database-user or the password (--database-password-file or "
                                        + "env " + DataOptions.PASSWORD_VARIABLE + "), or wait until the server answers"
                                : "give a --data-dir this account may write that no other command is using");
                    if (temporary == null) {
                        temporary = temporaryDataDirectory();
                    }
                    session = SpringSession.start(temporary, in(settings, temporary, false), springArgs);
                }
            }
            try (SpringSession open = session) {
                List<AccessCheck> checks = open.bean(RunCheck.class)
                    .check(new RunCheck.Request(this.operator.operator, this.operator.password(open), this.input,
                            this.rows.useSuppliedPasswords, this.rows.maxInvalidPercent, database));
                return print(checks);
            }
        }
        finally {
            if (temporary != null) {
                delete(temporary);
            }
        }
    }

    private int print(List<AccessCheck> checks) {
        PrintWriter out = this.spec.commandLine().getOut();
        boolean allWork = checks.stream().allMatch(AccessCheck::ok);
        if (this.json) {
            JsonLines.array(out, (json) -> checks.forEach((check) -> {
                json.writeStartObject();
                json.writeStringProperty("check", check.check());
                json.writeBooleanProperty("ok", check.ok());
                json.writeStringProperty("detail", check.detail());
                json.writeStringProperty("todo", check.todo());
                json.writeEndObject();
            }));
        }
        else {
            for (AccessCheck check : checks) {
                out.println((check.ok() ? "\u2713 " : "\u2717 ") + check.check() + ": " + Printable.of(check.detail())
                        + (check.ok() ? "" : " \u2014 do this: " + Printable.of(check.todo())));
            }
            long failed = checks.stream().filter((check) -> !check.ok()).count();
            out.println(allWork ? "Everything a run needs works. Nothing was changed."
                    : failed + " of " + checks.size() + " checks failed: a run would not get past "
                            + ((failed > 1) ? "them" : "it") + ". Nothing was changed.");
        }
        out.flush();
        return allWork ? ExitCodes.OK : ExitCodes.USAGE;
    }

    /** A data directory a run would create: fine if the folder it goes in can be written. */
    private static AccessCheck noDataDirectoryYet(Path dataDir) {
        String detail = "no data directory at " + dataDir + " yet";
        return IoFailures.whyFolderCannotBeWritten(dataDir)
            .map((why) -> AccessCheck.failed("database", detail + ", and it cannot be made: " + why, "give a "
                    + "--data-dir (or env BULK_RESEND_DATA_DIR) this account may create"))
            .orElseGet(() -> AccessCheck.passed("database", detail + ": the first run creates it and its embedded "
                    + "database"));
    }

    /**
     * The settings with this data directory, and with its embedded database unless they name a
     * PostgreSQL database to keep.
     */
    private static Map<String, Object> in(Map<String, Object> settings, Path dataDir, boolean keepDatabase) {
        Map<String, Object> in = new LinkedHashMap<>(settings);
        if (!keepDatabase) {
            in.keySet().removeIf((name) -> name.startsWith("spring.datasource."));
        }
        in.put("bulk-resend.data-dir", dataDir.toString());
        return in;
    }

    private static Path temporaryDataDirectory() {
        try {
            return Files.createTempDirectory("bulk-resend-check-");
        }
        catch (IOException ex) {
            throw new UsageException("No temporary folder can be made to check in (" + ex.getMessage() + "): set "
                    + "TMPDIR or java.io.tmpdir to a writable folder.");
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("the temporary folder " + folder + " could not be deleted", ex);
        }
    }
}
