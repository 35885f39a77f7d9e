package org.bulkresend.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.bulkresend.directory.NameForms;
import org.bulkresend.input.InputFile;
import org.bulkresend.input.InputPreflight;
import org.bulkresend.input.InputRejectedException;
import org.bulkresend.settings.DirectoryKind;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Preflight alone: reads the file, changes nothing, needs no database. */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = { "Check an input file without running anything: the detected format, encoding and delimiter, "
                + "which column is used for what, the row count, and each problem row by line." })
class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The CSV file to check.")
    Path file;

    @Option(names = "--max-invalid-percent", paramLabel = "PERCENT", defaultValue = "50",
            description = "As for run: more invalid rows than this makes a run refuse the file. Default: ${DEFAULT-VALUE}.")
    int maxInvalidPercent;

    @Option(names = "--directory", paramLabel = "embedded|graph|ad", defaultValue = "embedded",
            description = "The directory the file is for, which decides how a row may name its user: name@domain, "
                    + "or with ad also an account name (sAMAccountName) or DOMAIN\\name. Default: ${DEFAULT-VALUE}.")
    String directory;

    @Spec
    CommandSpec spec;

    /** How the rows of a file for this directory may name their users. */
    static NameForms nameForms(String directory) {
        try {
            return (DirectoryKind.parse(directory) == DirectoryKind.AD) ? NameForms.PRINCIPAL_OR_ACCOUNT_NAMES
                    : NameForms.PRINCIPAL_NAMES;
        }
        catch (IllegalArgumentException ex) {
            throw new UsageException("--directory must be embedded, graph or ad, was '" + directory + "'.");
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = this.spec.commandLine().getOut();
        InputFile input = InputFile.of(this.file);
        InputPreflight.Result result = InputPreflight.inspect(input, nameForms(this.directory));
        out.println("File:       " + input.path());
        out.println("Format:     " + result.format().description());
        out.println("Encoding:   " + result.encoding() + ", " + result.delimiterName() + "-delimited");
        out.println("Columns:");
        result.columns().describe().forEach((line) -> out.println("  " + line));
        out.println("Rows:       " + result.rows() + " (" + result.invalidRows() + " invalid, " + result.duplicateRows()
                + " repeating an earlier user)");
        if (!result.problems().isEmpty()) {
            out.println("Problems" + ((result.problems().size() == 100) ? " (the first 100)" : "") + ":");
            result.problems().forEach((problem) -> out.println("  " + problem));
        }
        try {
            result.requireInvalidAtMost(this.maxInvalidPercent, input.path());
        }
        catch (InputRejectedException ex) {
            out.println("A run would refuse this file: more than " + this.maxInvalidPercent + "% of its rows are invalid.");
            return ExitCodes.USAGE;
        }
        if (result.problems().isEmpty()) {
            out.println("No problems found. Users are looked up in the directory when the file is run "
                    + "(run --dry-run shows what a run would do).");
            return ExitCodes.OK;
        }
        out.println("The file can be run; the rows above will be rejected with their reason.");
        return ExitCodes.PROBLEMS;
    }
}
