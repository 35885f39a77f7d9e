package org.bulkresend.support;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bulkresend.cli.BulkResendCli;

/**
 * Runs the command line in this JVM, exactly as {@code java -jar} would minus the exit: the
 * same parsing, the same Spring context per command, the same output.
 */
public final class Cli {

    private final Path dataDir;

    private final Path outDir;

    private final List<String> databaseOptions;

    public Cli(Path workDir) {
        this(workDir, List.of());
    }

    /** With these options after {@code --data-dir}: a PostgreSQL database's ({@link PostgresServer.Database#options}). */
    public Cli(Path workDir, List<String> databaseOptions) {
        this.dataDir = workDir.resolve("data");
        this.outDir = workDir.resolve("out");
        this.databaseOptions = List.copyOf(databaseOptions);
    }

    public Path dataDir() {
        return this.dataDir;
    }

    public Path outDir() {
        return this.outDir;
    }

    /** Contoso's Global Administrator ({@link Contoso#DIRECTORY}), who runs commands by default. */
    public static final String OPERATOR = "adele.vance@contoso.example";

    public static final String OPERATOR_PASSWORD = "Contoso-Demo-2026!";

    /**
     * Runs a command with this work folder's data and out directories and a cheap hash cost;
     * {@code run} and {@code restart} sign in as {@link #OPERATOR} unless the arguments name an
     * operator.
     */
    public Result run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--data-dir=" + this.dataDir);
        all.addAll(this.databaseOptions);
        String command = all.get(0);
        if (List.of("run", "check", "demo", "restart", "followup", "expire", "watch").contains(command)) {
            all.add("--out-dir=" + this.outDir);
        }
        if (List.of("run", "check", "restart", "expire", "watch").contains(command) && !all.contains("--operator")) {
            all.addAll(List.of("--operator", OPERATOR, "--operator-password-file", passwordFile(OPERATOR_PASSWORD)));
        }
        all.add("--bulk-resend.passwords.hash-cost=4");
        return raw(all.toArray(String[]::new));
    }

    /** A file holding the password, as an admin would keep it; never a command-line argument. */
    public String passwordFile(String password) {
        try {
            Path file = this.dataDir.getParent().resolve("operator-password-" + Integer.toHexString(password.hashCode()));
            Files.writeString(file, password + "\n");
            return file.toString();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Runs exactly these arguments. */
    public static Result raw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = BulkResendCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    public record Result(int exitCode, String out, String err) {

        public String all() {
            return this.out + this.err;
        }

        /** The one line {@code check} printed for this check ("mail", "directory sign-in"), starting with ✓ or ✗. */
        public String checkLine(String check) {
            List<String> lines = this.out.lines()
                .filter((line) -> line.length() > 2 && line.substring(2).startsWith(check + ": "))
                .toList();
            if (lines.size() != 1) {
                throw new AssertionError("expected one line for the check '" + check + "', found " + lines.size()
                        + " in\n" + this);
            }
            return lines.get(0);
        }

        @Override
        public String toString() {
            return "exit " + this.exitCode + "\n--- out:\n" + this.out + "--- err:\n" + this.err;
        }
    }
}
