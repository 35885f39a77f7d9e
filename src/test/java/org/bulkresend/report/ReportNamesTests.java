package org.bulkresend.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report is named after the input file and the second the run started: two runs of files with the
 * same name in the same second (one folder's new-hires.csv after another's, from a script) each keep
 * their own report, the second as {@code ...-2-report.csv}.
 */
class ReportNamesTests {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(ZoneId.systemDefault());

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso();

    /** A report of another run for each second of the next ten minutes, as if it had just been written. */
    List<Path> reportsOfOtherRuns(String stem, String suffix) throws Exception {
        Path reports = Files.createDirectories(fixture.cli().outDir().resolve("reports"));
        List<Path> others = new ArrayList<>();
        Instant now = Instant.now();
        for (int second = -1; second < 600; second++) {
            String name = stem + "-" + STAMP.format(now.plus(Duration.ofSeconds(second))) + suffix;
            others.add(Files.writeString(reports.resolve(name), "another run's report\n"));
        }
        return others;
    }

    @Test
    void aRunInASecondWhoseReportNameIsTakenKeepsBothReports() throws Exception {
        String stem = Contoso.NEW_HIRES.getFileName().toString().replaceFirst("\\.csv$", "");
        List<Path> others = reportsOfOtherRuns(stem, "-report.csv");

        Cli.Result result = fixture.run(Contoso.NEW_HIRES);

        assertThat(Reports.path(result).getFileName().toString()).matches(stem + "-\\d{8}-\\d{6}-2-report\\.csv");
        assertThat(Reports.report(result).size()).isEqualTo(34);
        assertThat(others).allSatisfy((other) -> assertThat(other).hasContent("another run's report"));
    }

    @Test
    void aDryRunLikewise() throws Exception {
        String stem = Contoso.NEW_HIRES.getFileName().toString().replaceFirst("\\.csv$", "");
        List<Path> others = reportsOfOtherRuns(stem, "-dry-run-report.csv");

        Cli.Result result = fixture.run(Contoso.NEW_HIRES, "--dry-run");

        assertThat(Reports.path(result).getFileName().toString())
            .matches(stem + "-\\d{8}-\\d{6}-2-dry-run-report\\.csv");
        assertThat(others).allSatisfy((other) -> assertThat(other).hasContent("another run's report"));
    }
}
