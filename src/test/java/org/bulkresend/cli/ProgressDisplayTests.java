package org.bulkresend.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a run is: a bar on a terminal, log lines otherwise, nothing with --quiet. */
class ProgressDisplayTests {

    /** Two of the three tests need no directory: the one that runs imports Contoso's. */
    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withoutDirectory();

    @Test
    void theBarShowsUsersDoneOfTotalAndProblems() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay.Bar bar = new ProgressDisplay.Bar(
                new ConsoleProgressBarConsumer(new PrintStream(bytes, true, StandardCharsets.UTF_8), 120));

        bar.started(200, 20, 1);
        bar.progressed(150, 3);
        bar.finished();

        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("Users", "150/200", "users/s, 3 problems");
    }

    @Test
    void aLogLineSaysDoneOfTotalRateTimeLeftAndProblems() {
        ProgressDisplay.LogLines lines = new ProgressDisplay.LogLines(Duration.ofSeconds(5));
        lines.started(20_000, 0, 0);
        long tenSecondsLater = System.nanoTime() + 10_000_000_000L;

        String line = lines.line(1_200, 3, tenSecondsLater);

        assertThat(line).matches("Progress: 1200 of 20000 users \\(6%\\), 1[12]\\d\\.\\d per second, about 2 min \\d+ s "
                + "left, 3 problems so far");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void withoutATerminalARunLogsProgressLinesAndQuietSilencesThem(CapturedOutput console) {
        fixture.importDirectory(Contoso.DIRECTORY);
        String[] run = { "--chunk-size", "5", "--bulk-resend.progress-every=1ms" };

        Cli.Result shown = fixture.run(Contoso.NEW_HIRES, run);
        assertThat(shown.exitCode()).as(shown.toString()).isEqualTo(1);
        assertThat(console.getErr()).containsPattern("Progress: \\d+ of 34 users \\(\\d+%\\), [\\d.]+ per second");
        assertThat(console.getErr()).as("lines going to a file carry the date")
            .containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d INFO  Progress: ")
            .doesNotContainPattern("(?m)^\\d\\d:\\d\\d:\\d\\d INFO");
        int before = console.getErr().length();

        String[] quiet = java.util.stream.Stream.concat(java.util.Arrays.stream(run), java.util.stream.Stream.of(
                "--quiet", "--rerun")).toArray(String[]::new);
        Cli.Result silent = fixture.run(Contoso.NEW_HIRES, quiet);
        assertThat(silent.exitCode()).as(silent.toString()).isEqualTo(1);
        assertThat(console.getErr().substring(before)).doesNotContain("Progress:");
    }
}
