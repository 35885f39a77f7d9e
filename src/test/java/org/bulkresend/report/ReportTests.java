package org.bulkresend.report;

import java.util.Map;

import org.bulkresend.ledger.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

    @ParameterizedTest
    @ValueSource(strings = { "=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx" })
    void cellsThatASpreadsheetWouldRunAreNeutralised(String value) {
        assertThat(ReportWriter.cell(value)).isEqualTo("'" + value);
    }

    @Test
    void ordinaryCellsAreUntouched() {
        assertThat(ReportWriter.cell("Élodie Lefèvre")).isEqualTo("Élodie Lefèvre");
        assertThat(ReportWriter.cell("王小明")).isEqualTo("王小明");
        assertThat(ReportWriter.cell(null)).isEmpty();
    }

    @Test
    void theSummaryListsOnlyStatusesThatOccurAndTheTotal() {
        assertThat(RunSummary.table(Map.of(Status.NOTIFIED, 26L, Status.REJECTED_DUPLICATE, 1L)))
            .anyMatch((l) -> l.matches("NOTIFIED\\s+26"))
            .anyMatch((l) -> l.matches("REJECTED_DUPLICATE\\s+1"))
            .anyMatch((l) -> l.matches("TOTAL ROWS\\s+27"))
            .noneMatch((l) -> l.startsWith("FAILED_RESET"));
    }
}
