package org.bulkresend.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a run's report as an admin opening it would. */
public final class Reports {

    private Reports() {
    }

    /** The report (or report so far) named in the run's output, keyed by line; each value is the row's cells. */
    public static Map<String, List<String>> read(Cli.Result result) throws Exception {
        Map<String, List<String>> rows = new HashMap<>();
        for (Row row : rows(result)) {
            rows.put(String.valueOf(row.line()), row.cells());
        }
        return rows;
    }

    /** The same report, each row found by the user it names and each cell by its column's name. */
    public static Report report(Cli.Result result) throws Exception {
        return new Report(rows(result));
    }

    /** Where the run's output says its report (or report so far) is. */
    public static Path path(Cli.Result result) {
        String line = result.out().lines().filter((l) -> l.startsWith("Report")).findFirst().orElseThrow();
        return Path.of(line.substring(line.indexOf(':') + 1).strip());
    }

    private static List<Row> rows(Cli.Result result) throws Exception {
        String text = Files.readString(path(result), StandardCharsets.UTF_8);
        assertThat(text).matches("(?s)\uFEFFline[,;\t]user_principal_name[,;\t].*");
        char delimiter = text.charAt("\uFEFFline".length());
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text.substring(1),
                CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true).get())) {
            List<String> header = parser.getHeaderNames();
            parser.forEach((record) -> rows.add(new Row(header, record.toList())));
        }
        return rows;
    }

    /** A report's rows in the order of the input's lines. */
    public record Report(List<Row> rows) {

        public int size() {
            return this.rows.size();
        }

        /** The row of this input line. */
        public Row line(int line) {
            return this.rows.stream().filter((row) -> row.line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no row for line " + line + " in the report"));
        }

        /**
         * The row of the first line that names this user (a later line naming them again is a
         * duplicate: see {@link #rows(String)}).
         */
        public Row row(String userPrincipalName) {
            List<Row> rows = rows(userPrincipalName);
            if (rows.isEmpty()) {
                throw new AssertionError("no row for " + userPrincipalName + " in the report");
            }
            return rows.get(0);
        }

        /** Every row that names this user, in line order. */
        public List<Row> rows(String userPrincipalName) {
            return this.rows.stream()
                .filter((row) -> row.user().toLowerCase(Locale.ROOT).equals(userPrincipalName.toLowerCase(Locale.ROOT)))
                .toList();
        }
    }

    /** One row of a report, its cells named by the report's header. */
    public record Row(List<String> header, List<String> cells) {

        public String cell(String column) {
            int index = this.header.indexOf(column);
            if (index < 0) {
                throw new AssertionError("the report has no column " + column + ": " + this.header);
            }
            return this.cells.get(index);
        }

        public int line() {
            return Integer.parseInt(cell("line"));
        }

        public String user() {
            return cell("user_principal_name");
        }

        public String status() {
            return cell("status");
        }

        public String reason() {
            return cell("reason");
        }
    }
}
