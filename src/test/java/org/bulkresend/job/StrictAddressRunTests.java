package org.bulkresend.job;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the real command line, with a real SMTP server: a cell that is not exactly one
 * address, or a name that only folds into an existing user's, resets nobody and tells nobody,
 * and the rows around it go on.
 */
class StrictAddressRunTests {

    /** Lines 2, 4 and 5 are refused; the rest are Contoso's users with their own addresses. */
    static final String INPUT = """
            userPrincipalName,displayName,alternateEmail
            grady.archie@contoso.example,Grady Archie,john smith@example.net
            joni.sherman@contoso.example,Joni Sherman,joni.sherman@example.net
            \u212Aenji.watanabe@contoso.example,Kenji Watanabe,kenji.watanabe@example.net
            patti.fernandez@contoso.example,Patti Fernandez,"patti.f@example.org; patti@example.com"
            diego.siciliani@contoso.example,Diego Siciliani,diego.siciliani@example.net
            emma.wright@contoso.example,Emma Wright,emma.wright@example.org
            astrid.lindqvist@contoso.example,Astrid Lindqvist,astrid.lindqvist@example.org
            """;

    static final Map<String, String> REFUSED = Map.of(
            "2", "notification address 'john smith@example.net' contains a space",
            "4", "user principal name '\u212Aenji.watanabe@contoso.example' contains the character U+212A KELVIN SIGN, "
                    + "which is not allowed in a user name; it resembles 'kenji.watanabe@contoso.example' but is a "
                    + "different name, so no user was looked up for it",
            "5", "notification address 'patti.f@example.org; patti@example.com' holds more than one address; give one "
                    + "address per cell");

    /** The same reasons as the report gives them: addresses masked, as its address column masks them. */
    static final Map<String, String> REPORTED = Map.of(
            "2", "notification address 'john s***@example.net' contains a space",
            "4", REFUSED.get("4"),
            "5", "notification address 'p***@example.org; p***@example.com' holds more than one address; give one "
                    + "address per cell");

    static final Map<String, String> TOLD = Map.of("joni.sherman@contoso.example", "joni.sherman@example.net",
            "diego.siciliani@contoso.example", "diego.siciliani@example.net", "emma.wright@contoso.example",
            "emma.wright@example.org", "astrid.lindqvist@contoso.example", "astrid.lindqvist@example.org");

    static final List<String> NOT_RESET = List.of("grady.archie@contoso.example", "kenji.watanabe@contoso.example",
            "patti.fernandez@contoso.example");

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso();

    Path input;

    @BeforeEach
    void input() throws Exception {
        this.input = Files.writeString(fixture.work().resolve("new-hires.csv"), INPUT, StandardCharsets.UTF_8);
    }

    Cli.Result run(Path file, String... extra) {
        return fixture.run(file, extra);
    }

    Map<String, Map<String, Object>> users(List<String> userPrincipalNames) {
        return userPrincipalNames.stream().collect(Collectors.toMap((upn) -> upn, fixture.database()::user));
    }

    /** Line to reason of the report's rows in this status. */
    static Map<String, String> reasons(Map<String, List<String>> report, String status) {
        return report.entrySet().stream().filter((e) -> e.getValue().get(4).equals(status))
            .collect(Collectors.toMap(Map.Entry::getKey, (e) -> e.getValue().get(5), (a, b) -> a, TreeMap::new));
    }

    @Test
    void aCellThatIsNotExactlyOneAddressOrANameThatFoldsIntoAnotherResetsAndTellsNobodyAndTheOthersGoOn()
            throws Exception {
        Map<String, Map<String, Object>> before = users(NOT_RESET);

        Cli.Result result = run(this.input);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.all()).doesNotContain("\tat ", "Exception:", "Caused by");
        assertThat(result.out()).contains("NOTIFIED                             4",
                "REJECTED_INVALID_ROW                 3");
        Map<String, List<String>> report = Reports.read(result);
        assertThat(reasons(report, "REJECTED_INVALID_ROW")).isEqualTo(new TreeMap<>(REPORTED));
        assertThat(report.get("4").get(1)).as("the row's name as written, not the user it resembles")
            .isEqualTo("\u212Aenji.watanabe@contoso.example");

        assertThat(users(NOT_RESET)).as("not reset: every attribute as it was").isEqualTo(before);
        MimeMessage[] messages = fixture.received();
        Map<String, String> told = Arrays.stream(messages).collect(Collectors.toMap(Mails::account, Mails::to));
        assertThat(told).as("no message to smith@example.net, kenji or patti").isEqualTo(TOLD);
        for (MimeMessage message : messages) {
            assertThat(fixture.database().passwordMatches(Mails.account(message), Mails.password(message))).isTrue();
        }
        assertThat(fixture.database().ledger()).filteredOn((row) -> "NOTIFIED".equals(row.get("STATUS")))
            .extracting((row) -> row.get("UPN_KEY")).containsExactlyInAnyOrderElementsOf(TOLD.keySet());
    }

    @Test
    void validateTheDryRunAndTheRunGiveTheSameReasons() throws Exception {
        Cli.Result validated = Cli.raw("validate", this.input.toString());
        Map<String, Map<String, Object>> before = users(NOT_RESET);
        Cli.Result dry = run(this.input, "--dry-run");
        Cli.Result real = run(this.input);

        assertThat(validated.exitCode()).as(validated.toString()).isEqualTo(1);
        assertThat(validated.out()).contains("Rows:       7 (3 invalid, 0 repeating an earlier user)");
        Map<String, String> fromValidate = new TreeMap<>();
        Matcher problem = Pattern.compile("(?m)^  line (\\d+): (.*)$").matcher(validated.out());
        while (problem.find()) {
            fromValidate.put(problem.group(1), problem.group(2));
        }
        assertThat(fromValidate).isEqualTo(new TreeMap<>(REFUSED));

        assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(1);
        Map<String, List<String>> preview = Reports.read(dry);
        assertThat(reasons(preview, "REJECTED_INVALID_ROW")).as("the same reasons, addresses masked in the report")
            .isEqualTo(new TreeMap<>(REPORTED));
        assertThat(reasons(preview, "PREVIEWED")).hasSize(4);

        assertThat(real.exitCode()).as(real.toString()).isEqualTo(1);
        assertThat(reasons(Reports.read(real), "REJECTED_INVALID_ROW")).isEqualTo(new TreeMap<>(REPORTED));
        assertThat(users(NOT_RESET)).isEqualTo(before);
        assertThat(fixture.received()).extracting(Mails::to)
            .containsExactlyInAnyOrderElementsOf(TOLD.values());
    }

    @Test
    void aDirectoryAlternateEmailIsCheckedByTheSameRules() throws Exception {
        // As a directory another tool filled in holds them: the import itself refuses such addresses.
        fixture.database().update("UPDATE DIRECTORY_USER SET ALTERNATE_EMAIL = 'john smith@example.net' "
                + "WHERE UPN_KEY = 'miriam.graham@contoso.example'");
        fixture.database().update("UPDATE DIRECTORY_USER SET ALTERNATE_EMAIL = 'h.mueller@example.org; henrietta@example.com' "
                + "WHERE UPN_KEY = 'henrietta.mueller@contoso.example'");
        Path file = Files.writeString(fixture.work().resolve("directory-addresses.csv"), """
                userPrincipalName
                miriam.graham@contoso.example
                henrietta.mueller@contoso.example
                joni.sherman@contoso.example
                """, StandardCharsets.UTF_8);
        List<String> refused = List.of("miriam.graham@contoso.example", "henrietta.mueller@contoso.example");
        Map<String, Map<String, Object>> before = users(refused);

        Cli.Result result = run(file);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(reasons(Reports.read(result), "REJECTED_UNREACHABLE_ADDRESS")).isEqualTo(new TreeMap<>(Map.of(
                "2", "the directory's alternate email 'john s***@example.net' contains a space; give the user's "
                        + "address in the row, or correct the directory",
                "3", "the directory's alternate email 'h***@example.org; h***@example.com' holds more than "
                        + "one address; give the user's address in the row, or correct the directory")));
        assertThat(users(refused)).isEqualTo(before);
        assertThat(fixture.received()).extracting(Mails::to).containsExactly("joni.sherman@example.net");
    }
}
