package org.bulkresend.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.bulkresend.ledger.Status;
import org.bulkresend.report.HtmlReport.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchIllegalStateException;

/**
 * The report's templates come from the class path: one that is missing, does not render or does
 * not say where the rows go stops the report with its name, before a row is read, and leaves the
 * previous report as it was.
 */
class HtmlReportTemplatesTests {

    @TempDir
    Path dir;

    @Test
    void aMissingTemplateIsNamed() throws Exception {
        String message = failure("org/bulkresend/report/nowhere/");

        assertThat(message).contains("org/bulkresend/report/nowhere/", "report.css", "missing or broken");
    }

    @Test
    void aTemplateThatDoesNotRenderIsNamedWithWhereItBreaks() throws Exception {
        String message = failure("org/bulkresend/report/broken/");

        assertThat(message).contains("org/bulkresend/report/broken/", "template: \"report.css\" - line 1");
    }

    @Test
    void aPageThatDoesNotSayWhereTheRowsGoIsRefused() throws Exception {
        String message = failure("org/bulkresend/report/unmarked/");

        assertThat(message).contains("org/bulkresend/report/unmarked/report.html must have one <!--rows-->");
    }

    /** Writes a report over an earlier one with the templates in the folder; the message it stopped with. */
    private String failure(String folder) throws Exception {
        Path html = this.dir.resolve("report.html");
        Files.writeString(html, "the previous report");
        AtomicInteger read = new AtomicInteger();

        IllegalStateException failure = catchIllegalStateException(() -> HtmlReport.write(new HtmlReport.Templates(
                folder), html, "Run 7: new-hires.csv", List.of(new Setting("Input", "new-hires.csv")),
                Map.of(Status.NOTIFIED, 1L), (sink) -> {
                    read.incrementAndGet();
                    sink.accept(HtmlReportTests.entry(2, Status.NOTIFIED));
                }, Instant.now()));

        assertThat(failure).isNotNull().hasMessageStartingWith("could not write the report " + html + ": ");

        assertThat(read).as("no row was read").hasValue(0);
        assertThat(html).hasContent("the previous report");
        try (Stream<Path> files = Files.list(this.dir)) {
            assertThat(files.map((f) -> f.getFileName().toString())).as("no half-written report").containsExactly(
                    "report.html");
        }
        return failure.getMessage();
    }
}
