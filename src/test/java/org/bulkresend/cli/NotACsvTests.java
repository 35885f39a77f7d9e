package org.bulkresend.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wrong file given as input is often one that holds secrets (a {@code .env}, a key=value
 * configuration) or is binary. Its first line is not a header: the refusal shows a few names
 * of it, cut short, never a value, never a control character a terminal would run.
 */
class NotACsvTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withoutDirectory().withoutMail();

    @Test
    void anEnvFileIsRefusedWithoutItsValues() throws Exception {
        Cli cli = fixture.cli();
        fixture.importDirectory(Contoso.DIRECTORY);
        Path env = Files.writeString(fixture.work().resolve(".env"), "DB_PASSWORD=hunter2,more-of-the-value\n"
                + "API_KEY=abc\n");

        Cli.Result result = cli.run("run", "--input", env.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip().lines()).singleElement().asString()
            .contains("has no user principal name column", "Headers found: 'DB_PASSWORD=\u2026'");
        assertThat(result.all()).doesNotContain("hunter2", "abc", "more-of-the-value");
        CommandLineTests.assertNoStackTrace(result);
        assertThat(fixture.database().passwordHashes()).isEmpty();
    }

    @Test
    void aBinaryFileShowsNeitherItsBytesNorMoreThanAFewShortNames() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // Valid UTF-8, no NUL: it gets as far as its header. An escape sequence that sets the
        // terminal's title, one that clears the screen, a bell, and a long run of noise.
        bytes.writeBytes("\u001b]0;owned\u0007\u001b[2J,\u0001\u0002\u0003,".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 40; i++) {
            bytes.writeBytes(("\u0010noise" + "\u00fe".repeat(i) + ",").getBytes(StandardCharsets.UTF_8));
        }
        bytes.writeBytes("\ntoken=abc\n".getBytes(StandardCharsets.UTF_8));
        Path binary = Files.write(fixture.work().resolve("blob.csv"), bytes.toByteArray());

        Cli.Result result = Cli.raw("validate", binary.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        String line = result.err().strip();
        assertThat(line.lines()).singleElement().asString().contains("Headers found: ", " more.");
        assertThat(line.chars().filter(Character::isISOControl)).as("control characters in %s", line).isEmpty();
        String headers = line.substring(line.indexOf("Headers found: "));
        assertThat(headers).as("5 names of at most 24 characters").hasSizeLessThan(15 + 5 * (24 + 5) + 20);
        assertThat(result.all()).doesNotContain("abc", "\u00fe".repeat(25));
    }
}
