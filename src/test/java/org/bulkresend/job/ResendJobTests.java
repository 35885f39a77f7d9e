package org.bulkresend.job;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.address.EmailAddresses;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job end to end, as an admin runs it: the real command line, the real embedded database
 * and a real SMTP server (GreenMail on a free port).
 */
class ResendJobTests {

    @RegisterExtension
    final BulkResendFixture fixture = fixture();

    /** What the tests stand on; {@link PostgresResendJobTests} runs them on PostgreSQL. */
    BulkResendFixture fixture() {
        return BulkResendFixture.withContoso();
    }

    @BeforeEach
    void theWholeDirectoryIsImported() {
        assertThat(fixture.imported().out()).contains("40 added");
    }

    Cli.Result runSmtp(Path input, String... extra) {
        return fixture.run(input, extra);
    }

    @Test
    void everyEligibleUserIsResetAndToldAtAnAddressTheyCanRead() throws Exception {
        Cli.Result result = runSmtp(fixture.input());

        assertThat(result.exitCode()).as("problem rows make exit code 1\n" + result).isEqualTo(1);
        MimeMessage[] messages = fixture.received();
        assertThat(messages).hasSize(Contoso.TOLD.size());
        Map<String, MimeMessage> byAccount = new HashMap<>();
        for (MimeMessage message : messages) {
            String account = Mails.account(message);
            assertThat(byAccount.put(account, message)).as("one message per user").isNull();
        }
        assertThat(byAccount.keySet()).containsExactlyInAnyOrderElementsOf(Contoso.TOLD.keySet());
        for (Map.Entry<String, MimeMessage> entry : byAccount.entrySet()) {
            String account = entry.getKey();
            MimeMessage message = entry.getValue();
            assertThat(Mails.to(message)).as(account).isEqualTo(Contoso.TOLD.get(account));
            assertThat(fixture.database().passwordMatches(account, Mails.password(message)))
                .as("the password told to %s is the one the directory holds", account)
                .isTrue();
            assertThat(fixture.database().user(account).get("MUST_CHANGE_PASSWORD")).as(account).isEqualTo(true);
            assertThat(fixture.database().user(account).get("PASSWORD_LAST_SET")).as(account).isNotNull();
            assertThat(message.getFrom()[0].toString()).isEqualTo("helpdesk@contoso.example");
            assertThat(message.getMessageID()).matches("<[^@>]+@contoso\\.example>");
        }
        assertThat(fixture.database().passwordHashes().keySet()).as("nobody else was reset")
            .containsExactlyInAnyOrderElementsOf(Contoso.TOLD.keySet());
        assertThat(result.out()).contains("NOTIFIED", "REJECTED_UNKNOWN_USER", "TOTAL ROWS                          34");
    }

    @Test
    void eachProblemRowGetsItsStatusAndReasonWhileTheOthersSucceed() throws Exception {
        Cli.Result result = runSmtp(fixture.input());
        Reports.Report report = Reports.report(result);

        assertThat(report.size()).isEqualTo(34);
        assertEnds(report.row("nobody.here@contoso.example"), "REJECTED_UNKNOWN_USER");
        assertEnds(report.row("marco.bianchi@contoso.example"), "REJECTED_NOT_ACTIVE", "blocked");
        assertEnds(report.row("julien.faure@contoso.example"), "REJECTED_NOT_ACTIVE", "deleted");
        assertEnds(report.row("lidia.holloway@contoso.example"), "REJECTED_UNREACHABLE_ADDRESS", "own mailbox", "'l***@contoso.example'");
        assertEnds(report.row("nestor.wilke@contoso.example"), "REJECTED_UNREACHABLE_ADDRESS");
        assertEnds(report.row("takahashi.ren@contoso.example"), "REJECTED_INVALID_ROW", "not a valid email address");
        assertEnds(report.row("pradeep.gupta@contoso.example"), "REJECTED_UNREACHABLE_ADDRESS",
                "no notification address");
        List<Integer> giulia = Contoso.linesOf("giulia.rossi@contoso.example");
        assertThat(giulia).as("the file names her twice").hasSize(2);
        assertEnds(report.line(giulia.get(1)), "REJECTED_DUPLICATE", "line " + giulia.get(0));
        assertThat(report.row("grady.archie@contoso.example").cells()).containsSubsequence(
                "grady.archie@contoso.example", "Grady Archie", "g***@example.net", "NOTIFIED");
        for (String account : List.of("nobody.here", "marco.bianchi", "julien.faure", "lidia.holloway",
                "nestor.wilke", "takahashi.ren", "pradeep.gupta")) {
            assertThat(fixture.database().passwordHashes()).doesNotContainKey(account + "@contoso.example");
        }

        List<Map<String, Object>> ledger = fixture.database().ledger();
        assertThat(ledger).hasSize(34);
        for (Map<String, Object> row : ledger) {
            Reports.Row line = report.line(((Number) row.get("LINE_NUMBER")).intValue());
            assertThat(line.status()).isEqualTo(row.get("STATUS"));
            assertThat(line.reason()).as("the ledger's reason, with addresses other than the user's own masked")
                .isEqualTo(EmailAddresses.maskEach((String) row.get("REASON"), line.cell("user_principal_name")));
            assertThat(line.cell("message_id")).isEqualTo((row.get("MESSAGE_ID") == null) ? "" : row.get("MESSAGE_ID"));
        }
    }

    @Test
    void theSameFileTwiceResetsNobodyAgain() throws Exception {
        Path input = fixture.input();
        runSmtp(input);
        Map<String, String> hashes = fixture.database().passwordHashes();
        int sent = fixture.received().length;

        Path copy = Files.copy(input, fixture.work().resolve("renamed-copy.csv"));
        Cli.Result again = runSmtp(copy);

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("was already processed by run 1", "Nothing was changed", "--rerun",
                "-report.csv");
        assertThat(fixture.received()).hasSize(sent);
        assertThat(fixture.database().passwordHashes()).isEqualTo(hashes);
        assertThat(fixture.database().ledger()).hasSize(34);
    }

    @Test
    void rerunDeliberatelyResetsAndTellsEveryoneAgain() throws Exception {
        Path input = fixture.input();
        runSmtp(input);
        Map<String, String> first = fixture.database().passwordHashes();
        fixture.greenMail().purgeEmailFromAllMailboxes();

        Cli.Result rerun = runSmtp(input, "--rerun");

        assertThat(rerun.exitCode()).as(rerun.toString()).isEqualTo(1);
        assertThat(fixture.received()).hasSize(Contoso.TOLD.size());
        Map<String, String> second = fixture.database().passwordHashes();
        first.forEach((account, hash) -> assertThat(second.get(account)).as(account).isNotEqualTo(hash));
        for (MimeMessage message : fixture.received()) {
            String account = Mails.account(message);
            assertThat(fixture.database().passwordMatches(account, Mails.password(message))).isTrue();
        }
    }

    @Test
    void aNewFileSkipsUsersAnEarlierRunAlreadyTold() throws Exception {
        runSmtp(fixture.input());
        fixture.greenMail().purgeEmailFromAllMailboxes();
        Map<String, String> before = fixture.database().passwordHashes();
        Path next = write("next-week.csv", """
                userPrincipalName,alternateEmail
                grady.archie@contoso.example,grady.archie@example.net
                emma.wright@contoso.example,
                alex.wilber@contoso.example,alex.w@example.net
                """);

        Cli.Result result = runSmtp(next);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, List<String>> report = Reports.read(result);
        assertThat(report.get("2").get(4)).isEqualTo("SKIPPED_ALREADY_NOTIFIED");
        assertThat(report.get("2").get(5)).contains("already notified on", "by run 1", "--rerun");
        assertThat(report.get("3").get(4)).isEqualTo("SKIPPED_ALREADY_NOTIFIED");
        assertThat(report.get("4").get(4)).isEqualTo("NOTIFIED");
        assertThat(fixture.received()).hasSize(1);
        assertThat(fixture.database().passwordHashes().get("grady.archie@contoso.example"))
            .isEqualTo(before.get("grady.archie@contoso.example"));
    }

    @Test
    void aSuppliedPasswordIsUsedOnlyIfItMeetsThePolicy() throws Exception {
        Path input = write("supplied.csv", """
                userPrincipalName,alternateEmail,password
                grady.archie@contoso.example,grady.archie@example.net,Welcome-2026-Grady
                joni.sherman@contoso.example,joni.sherman@example.net,password
                emma.wright@contoso.example,emma.wright@example.org,
                """);

        Cli.Result result = runSmtp(input);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Map<String, List<String>> report = Reports.read(result);
        assertThat(report.get("2").get(4)).isEqualTo("NOTIFIED");
        assertThat(report.get("3").get(4)).isEqualTo("REJECTED_INVALID_ROW");
        assertThat(report.get("3").get(5)).contains("password policy").doesNotContain(",password");
        assertThat(report.get("4").get(4)).isEqualTo("NOTIFIED");
        assertThat(fixture.database().passwordMatches("grady.archie@contoso.example", "Welcome-2026-Grady")).isTrue();
        assertThat(fixture.database().passwordHashes()).doesNotContainKey("joni.sherman@contoso.example");
        MimeMessage grady = Stream.of(fixture.received())
            .filter((m) -> Mails.to(m).equals("grady.archie@example.net"))
            .findFirst()
            .orElseThrow();
        assertThat(Mails.password(grady)).isEqualTo("Welcome-2026-Grady");
    }

    @Test
    void withoutAnSmtpServerMessagesGoToTheOutboxAsOwnerOnlyEmlFilesThatParseBack() throws Exception {
        Cli.Result result = fixture.cli().run("run", "--input", fixture.input().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Path outbox = fixture.cli().outDir().resolve("outbox");
        assertThat(result.out()).contains("outbox folder " + outbox, "owner-read-only");
        List<Path> files;
        try (Stream<Path> listing = Files.list(outbox)) {
            files = listing.sorted().toList();
        }
        assertThat(files).hasSize(Contoso.TOLD.size()).allMatch((f) -> f.toString().endsWith(".eml"));
        assertThat(Files.getPosixFilePermissions(outbox)).containsExactlyInAnyOrderElementsOf(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        for (Path file : files) {
            assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
            MimeMessage message = Mails.parse(file);
            String account = Mails.account(message);
            assertThat(Mails.to(message)).isEqualTo(Contoso.TOLD.get(account));
            assertThat(fixture.database().passwordMatches(account, Mails.password(message))).as(account).isTrue();
        }
    }

    @Test
    void aCellThatASpreadsheetWouldRunIsNeutralisedInTheReport() throws Exception {
        Path input = write("formula.csv", """
                userPrincipalName,alternateEmail
                "=HYPERLINK(""http://attacker.example"",""click"")",x@example.net
                @SUM(A1:A9)@contoso.example,y@example.net
                """);

        Cli.Result result = runSmtp(input, "--max-invalid-percent", "100");

        Map<String, List<String>> report = Reports.read(result);
        assertThat(report.get("2").get(1)).startsWith("'=HYPERLINK(");
        assertThat(report.get("3").get(1)).startsWith("'@SUM(");
        assertThat(report.get("2").get(4)).isEqualTo("REJECTED_INVALID_ROW");
        assertThat(report.get("2").get(5)).as("the reason quotes the value but does not start with it")
            .startsWith("user principal name '=HYPERLINK(");
    }

    /** The row ends in this status, with a reason that says each of these. */
    static void assertEnds(Reports.Row row, String status, String... reasonSays) {
        assertThat(row.status()).as(row.user()).isEqualTo(status);
        for (String says : reasonSays) {
            assertThat(row.reason()).as(row.user()).contains(says);
        }
    }

    Path write(String name, String content) throws Exception {
        return Files.writeString(fixture.work().resolve(name), content, StandardCharsets.UTF_8);
    }
}
