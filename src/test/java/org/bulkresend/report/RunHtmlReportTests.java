package org.bulkresend.report;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bulkresend.ledger.Status;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML page of a run, as the admin opens it: the rows that need them first, and every time in
 * the run's time zone with its offset, so nobody converts from UTC in their head.
 */
class RunHtmlReportTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso();

    static final Pattern ROW = Pattern.compile("<tr class=\"s-([A-Z_]+)\"><td class=\"num\">(\\d+)</td>");

    @Test
    void theRowsThatNeedAttentionComeFirstAndTimesAreInTheRunsZoneWithTheirOffset() throws Exception {
        Cli.Result result = fixture.run(Contoso.NEW_HIRES, "--time-zone", "Asia/Tokyo");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);

        String html = Files.readString(ReportWriter.htmlBeside(Reports.path(result)));

        List<String> statuses = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            statuses.add(row.group(1));
            lines.add(Long.parseLong(row.group(2)));
        }
        assertThat(statuses).hasSize(34);
        int firstFine = statuses.indexOf("NOTIFIED");
        assertThat(statuses.subList(0, firstFine)).as("problems first").hasSize(34 - Contoso.TOLD.size())
            .allMatch((status) -> Status.valueOf(status).isProblem());
        assertThat(statuses.subList(firstFine, statuses.size())).containsOnly("NOTIFIED");
        assertThat(lines.subList(0, firstFine)).as("each part in line order").isSorted();
        assertThat(lines.subList(firstFine, lines.size())).isSorted();
        assertThat(html).containsPattern("<span>\\d{4}-\\d\\d-\\d\\dT</span><wbr>\\d\\d:\\d\\d:\\d\\d\\+09:00</td>")
            .doesNotContainPattern("<wbr>\\d\\d:\\d\\d:\\d\\dZ</td>");
        String csv = Files.readString(Reports.path(result));
        assertThat(csv).as("the CSV keeps UTC, for scripts").containsPattern(",\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ,");
    }
}
