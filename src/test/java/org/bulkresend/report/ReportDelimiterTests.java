package org.bulkresend.report;

import java.nio.file.Files;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --report-delimiter ;}: the report as Excel set up for Italian, French, German or Swedish
 * opens it in columns; the same cells, the same protections, only the separator differs.
 */
class ReportDelimiterTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso();

    @Test
    void aSemicolonReportHasTheSameRowsSeparatedBySemicolons() throws Exception {
        Cli.Result result = fixture.run(Contoso.NEW_HIRES, "--report-delimiter", ";");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        String text = Files.readString(Reports.path(result));
        assertThat(text).startsWith("\uFEFFline;user_principal_name;display_name;notification_address;status;reason;");
        Reports.Report report = Reports.report(result);
        assertThat(report.size()).as("one row per input row").isEqualTo(34);
        assertThat(report.rows().stream().filter((row) -> row.status().equals("NOTIFIED")).count())
            .isEqualTo(Contoso.TOLD.size());
    }

    @Test
    void aDelimiterThatIsNoneOfTheThreeIsRefusedBeforeAnythingChanges() {
        Cli.Result result = fixture.run(Contoso.NEW_HIRES, "--report-delimiter", "|");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--report-delimiter must be ',' ';' or 'tab', was '|'.");
        assertThat(fixture.received()).isEmpty();
    }
}
