package org.bulkresend.cli;

import java.nio.file.Path;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus of broken files: each is refused before anything changes, with exit code 2, one
 * line that says what is wrong, no stack trace, no reset, and no run left behind.
 */
class BrokenFilesTests {

    static final Path BROKEN = Path.of("src/test/resources/fixtures/broken").toAbsolutePath();

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso().withoutMail();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty.csv                    | Input file is empty
            blank-lines-only.csv         | has no header line (it is empty or blank)
            header-only.csv              | has a header but no rows
            no-principal-name-column.csv | Headers found: 'email', 'name'
            latin1.csv                   | Line 3 of
            workbook-saved-as.csv        | is an Excel workbook (.xlsx) or a zip archive, not a CSV file
            legacy-workbook.csv          | is an Excel 97-2003 workbook (.xls)
            document.csv                 | is a PDF document
            nul-bytes.csv                | looks like a binary file
            unclosed-quote.csv           | a quoted field that starts after line 1 is never closed
            mostly-invalid.csv           | 3 of the 4 rows
            entra-version-line-only.csv  | has a version line but no header line
            does-not-exist.csv           | Input file not found
            .                            | is a directory
            """)
    void refusedWithOneClearLineAndNothingChanged(String file, String expected) {
        Cli.Result result = fixture.cli().run("run", "--input", BROKEN.resolve(file).toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("bulk-resend: ").contains(expected);
        assertThat(result.err().strip().lines()).hasSize(1);
        CommandLineTests.assertNoStackTrace(result);
        EmbeddedDatabase database = fixture.database();
        assertThat(database.passwordHashes()).isEmpty();
        assertThat(database.ledger()).isEmpty();
        assertThat(database.query("SELECT * FROM BATCH_JOB_INSTANCE")).as("no run left behind").isEmpty();
        assertThat(fixture.cli().outDir()).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            latin1.csv                   | not valid UTF-8 text. Save the file as 'CSV UTF-8'
            mostly-invalid.csv           | this is probably the wrong file
            """)
    void theMessageSaysWhatToDo(String file, String advice) {
        assertThat(fixture.cli().run("run", "--input", BROKEN.resolve(file).toString()).err()).contains(advice);
    }
}
