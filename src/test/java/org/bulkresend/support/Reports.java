package org.bulkresend.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
        String line = result.out().lines().filter((l) -> l.startsWith("Report")).findFirst().orElseThrow();
        String path = line.substring(line.indexOf(':') + 1).strip();
        String text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFline,user_principal_name,");
        Map<String, List<String>> rows = new HashMap<>();
        try (CSVParser parser = CSVParser.parse(text.substring(1),
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            parser.forEach((record) -> rows.put(record.get(0), record.toList()));
        }
        return rows;
    }
}
