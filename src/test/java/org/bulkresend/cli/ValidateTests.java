package org.bulkresend.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code validate FILE}: preflight alone, for the admin deciding whether a file is the right one. */
class ValidateTests {

    static final Path FORMATS = Path.of("src/test/resources/fixtures/formats").toAbsolutePath();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain.csv                      | bulk-resend CSV                                          | UTF-8, comma
            excel-unicode-text-utf16le.txt | bulk-resend CSV                                          | UTF-16LE with byte order mark, tab
            m365-add-users.csv             | Microsoft 365 admin center 'Add multiple users' template | UTF-8 with byte order mark, comma
            m365-add-users-semicolon.csv   | Microsoft 365 admin center 'Add multiple users' template | UTF-8 with byte order mark, semicolon
            entra-bulk-create.csv          | Microsoft Entra ID 'Bulk create users' template          | UTF-8 with byte order mark, comma
            m365-export.csv                | Microsoft 365 admin center 'Export users' file           | UTF-8 with byte order mark, comma
            entra-download.csv             | Microsoft Entra ID 'Download users' file                 | UTF-8 with byte order mark, comma
            """)
    void namesTheFormatEncodingAndDelimiter(String file, String format, String encoding) {
        Cli.Result result = Cli.raw("validate", FORMATS.resolve(file).toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Format:     " + format, "Encoding:   " + encoding + "-delimited",
                "Rows:       5 (0 invalid, 0 repeating an earlier user)", "No problems found");
    }

    @Test
    void showsTheColumnMappingOfATemplate() {
        Cli.Result result = Cli.raw("validate", FORMATS.resolve("entra-bulk-create.csv").toString());

        assertThat(result.out()).contains("user principal name  <- 'User name [userPrincipalName] Required'",
                "notification address <- (none: the directory's alternate email is used)",
                "password             <- 'Initial password [passwordProfile] Required' (a creation password: used "
                        + "only with --use-supplied-passwords)");
    }

    @Test
    void listsProblemRowsByLineAndExitsOne() {
        Cli.Result result = Cli.raw("validate", Contoso.NEW_HIRES.toString());

        List<Integer> giulia = Contoso.linesOf("giulia.rossi@contoso.example");
        assertThat(giulia).as("the file names her twice").hasSize(2);
        assertThat(result.exitCode()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(result.out()).contains("Rows:       34 (1 invalid, 1 repeating an earlier user)",
                "line " + Contoso.lineOf("takahashi.ren@contoso.example")
                        + ": notification address 'takahashi.ren(at)example.net' is not a valid email address",
                "line " + giulia.get(1) + ": same user as line " + giulia.get(0), "The file can be run");
    }

    @Test
    void saysWhenARunWouldRefuseTheFile() {
        Cli.Result result = Cli.raw("validate", BrokenFilesTests.BROKEN.resolve("mostly-invalid.csv").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).contains("A run would refuse this file");
        assertThat(Cli.raw("validate", "--max-invalid-percent", "80",
                BrokenFilesTests.BROKEN.resolve("mostly-invalid.csv").toString()).exitCode())
            .isEqualTo(ExitCodes.PROBLEMS);
    }

    @Test
    void anUnusableFileIsOneLineAndExitTwo() {
        Cli.Result result = Cli.raw("validate", BrokenFilesTests.BROKEN.resolve("workbook-saved-as.csv").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Excel workbook");
        CommandLineTests.assertNoStackTrace(result);
    }

    @Test
    void aFileForActiveDirectoryMayNameUsersByAccountName(@TempDir Path work) throws Exception {
        Path file = Files.writeString(work.resolve("active-directory.csv"),
                "userPrincipalName\njsmith\nCONTOSO\\akim\nlee@contoso.test\nCONTOSO\\b*d\n");

        Cli.Result entra = Cli.raw("validate", file.toString());
        Cli.Result domain = Cli.raw("validate", file.toString(), "--directory", "ad");

        assertThat(entra.out()).contains("Rows:       4 (3 invalid, 0 repeating an earlier user)",
                "line 2: user principal name 'jsmith' is not of the form name@domain");
        assertThat(domain.exitCode()).as(domain.toString()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(domain.out()).contains("Rows:       4 (1 invalid, 0 repeating an earlier user)",
                "line 5: user principal name 'CONTOSO\\b*d' holds '*', which no account name may hold");
    }
}
