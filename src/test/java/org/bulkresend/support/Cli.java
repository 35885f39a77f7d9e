package org.bulkresend.support;

import java.io.PrintWriter;
import java.io.StringWriter;
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

    public Cli(Path workDir) {
        this.dataDir = workDir.resolve("data");
        this.outDir = workDir.resolve("out");
    }

    public Path dataDir() {
        return this.dataDir;
    }

    public Path outDir() {
        return this.outDir;
    }

    /** Runs a command with this work folder's data and out directories and a cheap hash cost. */
    public Result run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--data-dir=" + this.dataDir);
        if (all.get(0).equals("run") || all.get(0).equals("demo")) {
            all.add("--out-dir=" + this.outDir);
        }
        all.add("--bulk-resend.passwords.hash-cost=4");
        return raw(all.toArray(String[]::new));
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

        @Override
        public String toString() {
            return "exit " + this.exitCode + "\n--- out:\n" + this.out + "--- err:\n" + this.err;
        }
    }
}
