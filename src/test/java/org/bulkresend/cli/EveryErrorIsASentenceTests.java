package org.bulkresend.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error an admin can make gets full sentences on the console: each line the command prints
 * about it starts with a capital letter or a name, and ends with a full stop or a question mark.
 * A sweep of the mistakes an admin makes, through the real command line.
 */
class EveryErrorIsASentenceTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso();

    @Test
    void theSentenceHelperEndsAndStartsWhatTheConsolePrints() {
        assertThat(Sentence.of("cannot read the file")).isEqualTo("Cannot read the file.");
        assertThat(Sentence.of("jane.doe@contoso.example is not in the directory"))
            .isEqualTo("jane.doe@contoso.example is not in the directory.");
        assertThat(Sentence.of("--time-zone: 'x' is not a time zone.")).isEqualTo("--time-zone: 'x' is not a time zone.");
        assertThat(Sentence.of("did you mean '--input'?")).isEqualTo("Did you mean '--input'?");
        assertThat(Sentence.of("/tmp/x: no such file")).isEqualTo("/tmp/x: no such file.");
    }

    @Test
    void everyMistakeIsToldInFullSentences() throws Exception {
        Path work = fixture.work();
        Path empty = Files.writeString(work.resolve("empty.csv"), "");
        Path noUpn = Files.writeString(work.resolve("no-upn.csv"), "name,mail\nJane,jane@example.net\n");
        Path binary = Files.write(work.resolve("binary.csv"), new byte[] { 0, 1, 2, 3, (byte) 0xff, 0 });
        List<Cli.Result> results = new ArrayList<>();
        results.add(Cli.raw("rnu"));
        results.add(Cli.raw("run", "--inptu", "x.csv"));
        results.add(Cli.raw("run"));
        results.add(Cli.raw("status", "--data-dir", work.resolve("nothing-here").toString()));
        results.add(Cli.raw("templates"));
        results.add(Cli.raw("templates", "check", work.resolve("no-such-folder").toString()));
        results.add(fixture.run(work.resolve("missing.csv")));
        results.add(fixture.run(empty));
        results.add(fixture.run(noUpn));
        results.add(fixture.run(binary));
        results.add(fixture.run(fixture.input(), "--time-zone", "Mars/Olympus"));
        results.add(fixture.run(fixture.input(), "--rate", "fast"));
        results.add(fixture.run(fixture.input(), "--temp-password-ttl", "5m"));
        results.add(fixture.run(fixture.input(), "--bulk-resend.passwords.length=3"));
        results.add(fixture.run(fixture.input(), "--report-delimiter", "|"));
        results.add(fixture.run(fixture.input(), "--helpdesk-in", "it"));
        results.add(fixture.cli().run("run", "--input", fixture.input().toString(), "--operator",
                "nobody@contoso.example"));
        results.add(fixture.cli().run("watch", "--inbox", work.resolve("no-inbox").toString()));
        results.add(fixture.cli().run("audit", "--since", "yesterday"));
        results.add(fixture.cli().run("directory", "import", work.resolve("missing.csv").toString()));

        for (Cli.Result result : results) {
            assertThat(result.exitCode()).as(result.toString()).isNotZero();
            List<String> lines = result.err().lines().filter((line) -> line.startsWith("bulk-resend: ")).toList();
            assertThat(lines).as(result.toString()).isNotEmpty();
            for (String line : lines) {
                String message = line.substring("bulk-resend: ".length());
                assertThat(message).as(result.toString()).matches("(?s)[^\\p{Ll}].*[.?!]");
                assertThat(message).as(result.toString()).doesNotContain("Exception", "\tat ");
            }
        }
    }
}
