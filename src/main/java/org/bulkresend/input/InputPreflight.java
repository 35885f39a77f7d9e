package org.bulkresend.input;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

import org.bulkresend.directory.NameForms;
import org.bulkresend.input.CsvSource.CsvRow;

/**
 * Reads the whole file once, before anything changes, and rejects it if it cannot be used:
 * no principal name column, undecodable bytes, no rows. A bad row does not reject the file;
 * it is counted here and gets its own status during the run.
 */
public final class InputPreflight {

    private InputPreflight() {
    }

    /** The file, with users named by their user principal name. */
    public static Result inspect(InputFile file) {
        return inspect(file, NameForms.PRINCIPAL_NAMES);
    }

    /** @param names how a row may name its user, which the directory decides */
    public static Result inspect(InputFile file, NameForms names) {
        try (CsvSource source = CsvSource.open(file.path())) {
            ColumnMapping columns = ColumnMapping.of(source.header());
            RowParser parser = new RowParser(columns, false, names);
            long rows = 0;
            List<String> problems = new ArrayList<>();
            long invalid = 0;
            long duplicates = 0;
            UserKeySet seen = new UserKeySet();
            for (CsvRow row = source.next(file.path()); row != null; row = source.next(file.path())) {
                rows++;
                ResendRequest request = parser.parse(row);
                if (request.suppliedPassword() != null) {
                    request.suppliedPassword().destroy();
                }
                if (!request.isValid()) {
                    invalid++;
                    if (problems.size() < 100) {
                        problems.add("line " + request.line() + ": " + request.problem());
                    }
                    continue;
                }
                long first = seen.putIfAbsent(request.userPrincipalName(), request.line());
                if (first >= 0) {
                    duplicates++;
                    if (problems.size() < 100) {
                        problems.add("line " + request.line() + ": same user as line " + first);
                    }
                }
            }
            if (rows == 0) {
                throw new InputRejectedException("The input file has a header but no rows: " + file.path());
            }
            return new Result(source.format(), columns, source.charset(), source.encoding(), source.delimiter(), rows,
                    invalid, duplicates, List.copyOf(problems));
        }
    }

    /** What preflight found; {@code problems} lists at most the first hundred. */
    public record Result(InputFormat format, ColumnMapping columns, Charset charset, String encoding, char delimiter,
            long rows, long invalidRows, long duplicateRows, List<String> problems) {

        /**
         * A file with more invalid rows than this is probably the wrong file (another export, a
         * shifted column): refuse it before anything changes.
         */
        public void requireInvalidAtMost(int maxPercent, java.nio.file.Path path) {
            if (this.invalidRows * 100 > (long) maxPercent * this.rows) {
                throw new InputRejectedException(this.invalidRows + " of the " + this.rows + " rows of " + path
                        + " are invalid, more than the " + maxPercent + "% allowed (--max-invalid-percent): this is "
                        + "probably the wrong file, so nothing was changed. First problems: "
                        + String.join("; ", this.problems.subList(0, Math.min(3, this.problems.size()))) + ".");
            }
        }

        public String delimiterName() {
            return switch (this.delimiter) {
                case ';' -> "semicolon";
                case '\t' -> "tab";
                default -> "comma";
            };
        }
    }
}
