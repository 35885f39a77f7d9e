package org.bulkresend.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template that passes the check with its sample values can still fail for one user's own
 * values. That user's message is refused on its own, with the reason, the others are told, and the
 * run ends: a rerun does not reset that user again and again.
 */
class TemplateFailsForOneUserTests {

    static final String PASSWORD = "Operator-Pass-2026!";

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withDirectory("""
            userPrincipalName,displayName,accountState,adminRoles,alternateEmail,password
            global@contoso.example,Global Gina,ACTIVE,Global Administrator,gina@example.net,%s
            al@contoso.example,Al,ACTIVE,,al@example.net,
            bob.smith@contoso.example,Bob Smith,ACTIVE,,bob@example.net,
            """.formatted(PASSWORD)).operator("global@contoso.example", PASSWORD);

    @Test
    void aMessageThatCannotBeWrittenForOneUserIsThatUsersOutcomeAlone() throws Exception {
        Path templates = Files.createDirectories(fixture.work().resolve("templates/en"));
        Files.writeString(templates.resolve("message.txt"), """
                Dear [(${displayName.substring(0, 3)})],

                your temporary password is:

                    [(${password})]
                """);
        Path input = Files.writeString(fixture.work().resolve("input.csv"), """
                userPrincipalName
                al@contoso.example
                bob.smith@contoso.example
                """);
        String[] run = { "--templates", templates.getParent().toString() };

        Cli.Result result = fixture.run(input, run);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Map<String, List<String>> report = Reports.read(result);
        assertThat(report.get("2").get(4)).isEqualTo("NOTIFY_REJECTED");
        assertThat(report.get("2").get(5)).contains("could not be written from its template", "StringIndexOutOfBounds");
        assertThat(report.get("3").get(4)).isEqualTo("NOTIFIED");
        assertThat(fixture.received()).hasSize(1);
        assertThat(fixture.database().passwordMatches("bob.smith@contoso.example",
                Mails.password(fixture.received()[0]))).isTrue();
        assertThat(fixture.run(input, run).out()).as("the run ended; nobody is reset again")
            .contains("already processed");
    }
}
