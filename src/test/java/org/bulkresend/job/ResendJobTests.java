package org.bulkresend.job;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job end to end, as an admin runs it: the real command line, the real embedded database
 * and a real SMTP server (GreenMail on a free port).
 */
class ResendJobTests {

    static final Path SAMPLES = Path.of("samples").toAbsolutePath();

    /** The rows of samples/new-hires.csv that must end NOTIFIED, with the address each message must reach. */
    static final Map<String, String> EXPECTED_RECIPIENTS = expectedRecipients();

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path work;

    Cli cli;

    EmbeddedDatabase database;

    @BeforeEach
    void importSampleDirectory() {
        this.cli = new Cli(this.work);
        this.database = new EmbeddedDatabase(this.cli.dataDir());
        Cli.Result imported = this.cli.run("directory", "import", SAMPLES.resolve("directory.csv").toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains("40 added");
    }

    Cli.Result runSmtp(Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--smtp-host", "127.0.0.1",
                "--smtp-port", String.valueOf(greenMail.getSmtp().getPort()), "--from", "helpdesk@contoso.example"));
        args.addAll(List.of(extra));
        return this.cli.run(args.toArray(String[]::new));
    }

    @Test
    void everyEligibleUserIsResetAndToldAtAnAddressTheyCanRead() throws Exception {
        Cli.Result result = runSmtp(SAMPLES.resolve("new-hires.csv"));

        assertThat(result.exitCode()).as("problem rows make exit code 1\n" + result).isEqualTo(1);
        MimeMessage[] messages = greenMail.getReceivedMessages();
        assertThat(messages).hasSize(EXPECTED_RECIPIENTS.size());
        Map<String, MimeMessage> byAccount = new HashMap<>();
        for (MimeMessage message : messages) {
            String account = Mails.account(message);
            assertThat(byAccount.put(account, message)).as("one message per user").isNull();
        }
        assertThat(byAccount.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED_RECIPIENTS.keySet());
        for (Map.Entry<String, MimeMessage> entry : byAccount.entrySet()) {
            String account = entry.getKey();
            MimeMessage message = entry.getValue();
            assertThat(Mails.to(message)).as(account).isEqualTo(EXPECTED_RECIPIENTS.get(account));
            assertThat(this.database.passwordMatches(account, Mails.password(message)))
                .as("the password told to %s is the one the directory holds", account)
                .isTrue();
            assertThat(this.database.user(account).get("MUST_CHANGE_PASSWORD")).as(account).isEqualTo(true);
            assertThat(this.database.user(account).get("PASSWORD_LAST_SET")).as(account).isNotNull();
            assertThat(message.getFrom()[0].toString()).isEqualTo("helpdesk@contoso.example");
            assertThat(message.getMessageID()).matches("<[^@>]+@contoso\\.example>");
        }
        assertThat(this.database.passwordHashes().keySet()).as("nobody else was reset")
            .containsExactlyInAnyOrderElementsOf(EXPECTED_RECIPIENTS.keySet());
        assertThat(result.out()).contains("NOTIFIED", "REJECTED_UNKNOWN_USER", "TOTAL ROWS                          34");
    }

    @Test
    void eachProblemRowGetsItsStatusAndReasonWhileTheOthersSucceed() throws Exception {
        Cli.Result result = runSmtp(SAMPLES.resolve("new-hires.csv"));
        Map<String, List<String>> report = report(result);

        assertThat(report).hasSize(34);
        assertThat(report.get("28")).containsSubsequence("nobody.here@contoso.example", "REJECTED_UNKNOWN_USER");
        assertThat(report.get("29")).containsSubsequence("marco.bianchi@contoso.example", "REJECTED_NOT_ACTIVE");
        assertThat(report.get("29").get(5)).contains("blocked");
        assertThat(report.get("30")).containsSubsequence("julien.faure@contoso.example", "REJECTED_NOT_ACTIVE");
        assertThat(report.get("30").get(5)).contains("deleted");
        assertThat(report.get("31")).containsSubsequence("lidia.holloway@contoso.example",
                "REJECTED_UNREACHABLE_ADDRESS");
        assertThat(report.get("31").get(5)).contains("own mailbox");
        assertThat(report.get("32").get(4)).isEqualTo("REJECTED_UNREACHABLE_ADDRESS");
        assertThat(report.get("33").get(4)).isEqualTo("REJECTED_INVALID_ROW");
        assertThat(report.get("33").get(5)).contains("not a valid email address");
        assertThat(report.get("34").get(4)).isEqualTo("REJECTED_UNREACHABLE_ADDRESS");
        assertThat(report.get("34").get(5)).contains("no notification address");
        assertThat(report.get("35").get(4)).isEqualTo("REJECTED_DUPLICATE");
        assertThat(report.get("35").get(5)).contains("line 10");
        assertThat(report.get("2")).containsSubsequence("grady.archie@contoso.example", "Grady Archie",
                "g***@example.net", "NOTIFIED");
        for (String account : List.of("nobody.here", "marco.bianchi", "julien.faure", "lidia.holloway",
                "nestor.wilke", "takahashi.ren", "pradeep.gupta")) {
            assertThat(this.database.passwordHashes()).doesNotContainKey(account + "@contoso.example");
        }

        List<Map<String, Object>> ledger = this.database.ledger();
        assertThat(ledger).hasSize(34);
        for (Map<String, Object> row : ledger) {
            List<String> line = report.get(row.get("LINE_NUMBER").toString());
            assertThat(line.get(4)).isEqualTo(row.get("STATUS"));
            assertThat(line.get(5)).isEqualTo(row.get("REASON"));
            assertThat(line.get(8)).isEqualTo((row.get("MESSAGE_ID") == null) ? "" : row.get("MESSAGE_ID"));
        }
    }

    @Test
    void theSameFileTwiceResetsNobodyAgain() throws Exception {
        Path input = SAMPLES.resolve("new-hires.csv");
        runSmtp(input);
        Map<String, String> hashes = this.database.passwordHashes();
        int sent = greenMail.getReceivedMessages().length;

        Path copy = Files.copy(input, this.work.resolve("renamed-copy.csv"));
        Cli.Result again = runSmtp(copy);

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("was already processed by run 1", "Nothing was changed", "--rerun",
                "-report.csv");
        assertThat(greenMail.getReceivedMessages()).hasSize(sent);
        assertThat(this.database.passwordHashes()).isEqualTo(hashes);
        assertThat(this.database.ledger()).hasSize(34);
    }

    @Test
    void rerunDeliberatelyResetsAndTellsEveryoneAgain() throws Exception {
        Path input = SAMPLES.resolve("new-hires.csv");
        runSmtp(input);
        Map<String, String> first = this.database.passwordHashes();
        greenMail.purgeEmailFromAllMailboxes();

        Cli.Result rerun = runSmtp(input, "--rerun");

        assertThat(rerun.exitCode()).as(rerun.toString()).isEqualTo(1);
        assertThat(greenMail.getReceivedMessages()).hasSize(EXPECTED_RECIPIENTS.size());
        Map<String, String> second = this.database.passwordHashes();
        first.forEach((account, hash) -> assertThat(second.get(account)).as(account).isNotEqualTo(hash));
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            String account = Mails.account(message);
            assertThat(this.database.passwordMatches(account, Mails.password(message))).isTrue();
        }
    }

    @Test
    void aNewFileSkipsUsersAnEarlierRunAlreadyTold() throws Exception {
        runSmtp(SAMPLES.resolve("new-hires.csv"));
        greenMail.purgeEmailFromAllMailboxes();
        Map<String, String> before = this.database.passwordHashes();
        Path next = write("next-week.csv", """
                userPrincipalName,alternateEmail
                grady.archie@contoso.example,grady.archie@example.net
                emma.wright@contoso.example,
                alex.wilber@contoso.example,alex.w@example.net
                """);

        Cli.Result result = runSmtp(next);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, List<String>> report = report(result);
        assertThat(report.get("2").get(4)).isEqualTo("SKIPPED_ALREADY_NOTIFIED");
        assertThat(report.get("2").get(5)).contains("already notified on", "by run 1", "--rerun");
        assertThat(report.get("3").get(4)).isEqualTo("SKIPPED_ALREADY_NOTIFIED");
        assertThat(report.get("4").get(4)).isEqualTo("NOTIFIED");
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(this.database.passwordHashes().get("grady.archie@contoso.example"))
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
        Map<String, List<String>> report = report(result);
        assertThat(report.get("2").get(4)).isEqualTo("NOTIFIED");
        assertThat(report.get("3").get(4)).isEqualTo("REJECTED_INVALID_ROW");
        assertThat(report.get("3").get(5)).contains("password policy").doesNotContain(",password");
        assertThat(report.get("4").get(4)).isEqualTo("NOTIFIED");
        assertThat(this.database.passwordMatches("grady.archie@contoso.example", "Welcome-2026-Grady")).isTrue();
        assertThat(this.database.passwordHashes()).doesNotContainKey("joni.sherman@contoso.example");
        MimeMessage grady = Stream.of(greenMail.getReceivedMessages())
            .filter((m) -> Mails.to(m).equals("grady.archie@example.net"))
            .findFirst()
            .orElseThrow();
        assertThat(Mails.password(grady)).isEqualTo("Welcome-2026-Grady");
    }

    @Test
    void withoutAnSmtpServerMessagesGoToTheOutboxAsOwnerOnlyEmlFilesThatParseBack() throws Exception {
        Cli.Result result = this.cli.run("run", "--input", SAMPLES.resolve("new-hires.csv").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Path outbox = this.cli.outDir().resolve("outbox");
        assertThat(result.out()).contains("outbox folder " + outbox, "owner-read-only");
        List<Path> files;
        try (Stream<Path> listing = Files.list(outbox)) {
            files = listing.sorted().toList();
        }
        assertThat(files).hasSize(EXPECTED_RECIPIENTS.size()).allMatch((f) -> f.toString().endsWith(".eml"));
        assertThat(Files.getPosixFilePermissions(outbox)).containsExactlyInAnyOrderElementsOf(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        for (Path file : files) {
            assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
            MimeMessage message = Mails.parse(file);
            String account = Mails.account(message);
            assertThat(Mails.to(message)).isEqualTo(EXPECTED_RECIPIENTS.get(account));
            assertThat(this.database.passwordMatches(account, Mails.password(message))).as(account).isTrue();
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

        Map<String, List<String>> report = report(result);
        assertThat(report.get("2").get(1)).startsWith("'=HYPERLINK(");
        assertThat(report.get("3").get(1)).startsWith("'@SUM(");
        assertThat(report.get("2").get(4)).isEqualTo("REJECTED_INVALID_ROW");
        assertThat(report.get("2").get(5)).as("the reason quotes the value but does not start with it")
            .startsWith("user principal name '=HYPERLINK(");
    }

    Path write(String name, String content) throws Exception {
        return Files.writeString(this.work.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** The report (or report so far) named in the run's output, keyed by line; each value is the row's cells. */
    static Map<String, List<String>> report(Cli.Result result) throws Exception {
        return Reports.read(result);
    }

    private static Map<String, String> expectedRecipients() {
        Map<String, String> expected = new HashMap<>();
        String[][] rows = { { "grady.archie", "grady.archie@example.net" }, { "henrietta.mueller", "h.mueller@example.org" },
                { "joni.sherman", "joni.sherman@example.net" }, { "miriam.graham", "miriam.graham@example.net" },
                { "patti.fernandez", "patti.f@example.org" }, { "diego.siciliani", "diego.siciliani@example.net" },
                { "johanna.lorenz", "johanna.lorenz@example.org" }, { "emma.wright", "emma.wright@example.org" },
                { "giulia.rossi", "giulia.rossi@example.net" }, { "francesca.romano", "francesca.romano@example.net" },
                { "luca.esposito", "luca.esposito@example.org" }, { "chiara.colombo", "chiara.colombo@example.net" },
                { "astrid.lindqvist", "astrid.lindqvist@example.org" }, { "erik.johansson", "erik.johansson@example.net" },
                { "sofia.nilsson", "sofia.nilsson@example.org" }, { "lars.oberg", "lars.oberg@example.net" },
                { "camille.dubois", "camille.dubois@example.net" }, { "elodie.lefevre", "elodie.lefevre@example.org" },
                { "antoine.moreau", "antoine.moreau@example.net" }, { "chloe.girard", "chloe.girard@example.org" },
                { "wang.xiaoming", "wang.xiaoming@example.net" }, { "lin.meihua", "lin.meihua@example.org" },
                { "huang.yating", "huang.yating@example.org" }, { "sato.haruto", "sato.haruto@example.net" },
                { "suzuki.yui", "suzuki.yui@example.org" }, { "tanaka.aoi", "tanaka.aoi@example.org" } };
        for (String[] row : rows) {
            expected.put(row[0] + "@contoso.example", row[1]);
        }
        return expected.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
