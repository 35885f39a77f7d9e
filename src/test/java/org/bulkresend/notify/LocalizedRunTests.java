package org.bulkresend.notify;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.BodyPart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run as an admin makes it, through the real command line and GreenMail: each user reads
 * their message in their own language, the admin's templates are used or refused before
 * anything changes, and the operator gets a summary.
 */
class LocalizedRunTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso();

    Cli.Result run(Path input, String... extra) {
        return fixture.run(input, extra);
    }

    Map<String, MimeMessage> received() {
        Map<String, MimeMessage> byAccount = new HashMap<>();
        for (MimeMessage message : fixture.received()) {
            byAccount.put(Mails.account(message), message);
        }
        return byAccount;
    }

    @Test
    void everyUserReadsTheirMessageInTheirOwnLanguage() throws Exception {
        Cli.Result result = run(fixture.input());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("Languages: en it sv fr zh-TW ja (default en)");
        Map<String, MimeMessage> byAccount = received();
        Map<String, String> expected = Map.of("grady.archie", "en", "johanna.lorenz", "en", "giulia.rossi", "it",
                "chiara.colombo", "it", "astrid.lindqvist", "sv", "camille.dubois", "fr", "chloe.girard", "fr",
                "wang.xiaoming", "zh-TW", "sato.haruto", "ja");
        expected.forEach((user, language) -> {
            try {
                assertThat(byAccount.get(user + "@contoso.example").getHeader("Content-Language")).as(user)
                    .containsExactly(language);
            }
            catch (jakarta.mail.MessagingException ex) {
                throw new IllegalStateException(ex);
            }
        });
        Reports.Report report = Reports.report(result);
        assertThat(Files.readString(Path.of(result.out().lines().filter((l) -> l.startsWith("Report:")).findFirst()
            .orElseThrow().substring("Report:".length()).strip()))).contains("message_id,language,expires_at,credential,time_zone\r\n");
        assertThat(report.row("giulia.rossi@contoso.example").status()).isEqualTo("NOTIFIED");
        assertThat(report.row("giulia.rossi@contoso.example").cell("language")).isEqualTo("it");
        assertThat(report.row("nobody.here@contoso.example").cell("language")).as("no message, no language").isEmpty();
    }

    @Test
    void eachLanguageNamesTheHelpdeskInItsOwnWordsAndALanguageWithoutThemNamesTheDefaults() throws Exception {
        Cli.Result result = run(fixture.input(), "--helpdesk", "the Contoso IT helpdesk", "--helpdesk-in",
                "it=il supporto IT di Contoso", "--helpdesk-in", "JA=Contoso の IT ヘルプデスク", "--helpdesk-in",
                "zh_TW=Contoso IT 服務台", "--bulk-resend.mail.helpdesk-in[fr]=le support de Contoso");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Map<String, MimeMessage> byAccount = received();
        assertThat(Mails.body(byAccount.get("giulia.rossi@contoso.example"))).contains("contatti il supporto IT di "
                + "Contoso.").doesNotContain("the Contoso IT helpdesk");
        assertThat(Mails.html(byAccount.get("giulia.rossi@contoso.example"))).contains("il supporto IT di Contoso")
            .doesNotContain("the Contoso IT helpdesk");
        assertThat(Mails.body(byAccount.get("sato.haruto@contoso.example")))
            .contains("Contoso の IT ヘルプデスクまでお問い合わせください");
        assertThat(Mails.body(byAccount.get("wang.xiaoming@contoso.example"))).contains("請聯絡Contoso IT 服務台。");
        assertThat(Mails.body(byAccount.get("grady.archie@contoso.example"))).contains("contact the Contoso IT helpdesk.");
        assertThat(Mails.body(byAccount.get("camille.dubois@contoso.example"))).as("given as a setting")
            .contains("contactez le support de Contoso.");
        assertThat(Mails.body(byAccount.get("astrid.lindqvist@contoso.example"))).as("no Swedish text given")
            .contains("kontakta the Contoso IT helpdesk.");
    }

    @Test
    void aHelpdeskForSomethingThatIsNotALanguageIsRefusedBeforeAnythingChanges() {
        Cli.Result result = run(fixture.input(), "--helpdesk-in", "italian!=il supporto IT");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--helpdesk-in italian!=...: 'italian!' is not a language tag");
        assertThat(fixture.received()).isEmpty();
    }

    @Test
    void theDemoWritesNoEnglishIntoAnotherLanguagesMessage(@org.junit.jupiter.api.io.TempDir Path work)
            throws Exception {
        Cli.Result demo = new Cli(work).run("demo", "--samples", Path.of("samples").toAbsolutePath().toString());
        assertThat(demo.exitCode()).as(demo.toString()).isEqualTo(1);

        int others = 0;
        try (var files = Files.list(work.resolve("out").resolve("outbox"))) {
            for (Path eml : files.filter((f) -> f.toString().endsWith(".eml")).toList()) {
                MimeMessage message = Mails.parse(eml);
                String[] language = message.getHeader("Content-Language");
                if (language == null || language[0].equals("en")) {
                    continue;
                }
                others++;
                assertThat(Mails.body(message)).as(eml.toString()).contains("Contoso")
                    .doesNotContain("the Contoso IT helpdesk", "helpdesk (");
            }
        }
        assertThat(others).as("the demo tells users in other languages").isGreaterThan(3);
    }

    @Test
    void traditionalChineseAndJapaneseMessagesReadBackIntact() throws Exception {
        run(fixture.input());
        Map<String, MimeMessage> byAccount = received();

        MimeMessage chinese = byAccount.get("wang.xiaoming@contoso.example");
        assertThat(chinese.getSubject()).isEqualTo("您帳戶 wang.xiaoming@contoso.example 的暫時密碼");
        assertThat(((InternetAddress) chinese.getAllRecipients()[0]).getPersonal()).isEqualTo("王小明");
        assertThat(Mails.body(chinese)).startsWith("王小明 您好：\n\n由於附有初始密碼的歡迎郵件可能未送達，您的系統管理員已重設您帳戶 "
                + "wang.xiaoming@contoso.example 的密碼。\n\n您的暫時密碼：\n\n    ")
            .endsWith("若您並未預期收到此郵件，或需要協助，請聯絡公司的 IT 支援人員。\n\n敬祝 商祺\nIT 支援團隊\n");
        assertThat(Mails.html(chinese)).contains("<span>王小明</span> 您好：",
                "由於附有初始密碼的歡迎郵件可能未送達，您的系統管理員已重設您帳戶 <strong>wang.xiaoming@contoso.example</strong> 的密碼。");

        MimeMessage japanese = byAccount.get("sato.haruto@contoso.example");
        assertThat(japanese.getSubject()).isEqualTo("仮パスワードのお知らせ（sato.haruto@contoso.example）");
        assertThat(Mails.body(japanese)).startsWith("佐藤 陽翔 様\n\n情報システム部です。パスワードの再発行についてご連絡いたします。\n\n"
                + "管理者により、お使いのアカウント sato.haruto@contoso.example "
                + "のパスワードがリセットされました。")
            .endsWith("このメールにお心当たりがない場合や、ご不明な点がございましたら、社内の IT ヘルプデスクまでお問い合わせください。\n\n"
                    + "何卒よろしくお願い申し上げます。\n\n――――――――――――――――――――\n情報システム部\n――――――――――――――――――――\n");
        assertThat(Mails.html(japanese)).contains("<span>佐藤 陽翔</span> 様", "仮パスワード：");

        for (MimeMessage message : List.of(chinese, japanese)) {
            assertThat(message.getHeader("Subject")[0]).startsWith("=?UTF-8?");
            assertThat(fixture.database().passwordMatches(Mails.account(message), Mails.password(message))).isTrue();
        }
    }

    @Test
    void theRowsLanguageWinsAndALanguageWithoutMessagesFallsBackAndTheReportSaysSo() throws Exception {
        Path input = Files.writeString(fixture.work().resolve("languages.csv"), """
                userPrincipalName,alternateEmail,preferredLanguage
                grady.archie@contoso.example,grady.archie@example.net,ja-JP
                giulia.rossi@contoso.example,giulia.rossi@example.org,de-DE
                sato.haruto@contoso.example,sato.haruto@example.net,
                """);

        Cli.Result result = run(input, "--default-locale", "sv");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, MimeMessage> byAccount = received();
        assertThat(byAccount.get("grady.archie@contoso.example").getHeader("Content-Language")).containsExactly("ja");
        assertThat(byAccount.get("giulia.rossi@contoso.example").getHeader("Content-Language")).containsExactly("sv");
        assertThat(byAccount.get("sato.haruto@contoso.example").getHeader("Content-Language"))
            .as("no language in the row: the directory's").containsExactly("ja");
        Map<String, List<String>> report = Reports.read(result);
        assertThat(report.get("3").get(9)).isEqualTo("sv");
        assertThat(report.get("3").get(5))
            .isEqualTo("password reset and message accepted (written in sv: the row's language 'de-DE' has no messages)");
        assertThat(report.get("2").get(5)).isEqualTo("password reset and message accepted");
    }

    @Test
    void aDataDirectoryFromBeforeLanguagesGetsTheLanguageColumn() throws Exception {
        fixture.database().forgetMigrations();
        fixture.database().update("ALTER TABLE RESEND_LEDGER DROP COLUMN MESSAGE_LANGUAGE");

        Cli.Result result = run(fixture.input());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(fixture.database().query("SELECT MESSAGE_LANGUAGE FROM RESEND_LEDGER WHERE USER_PRINCIPAL_NAME = ?",
                "sato.haruto@contoso.example")).containsExactly(Map.of("MESSAGE_LANGUAGE", "ja"));
    }

    @Test
    void theAdminsTemplatesAreUsed() throws Exception {
        Path templates = fixture.work().resolve("templates");
        Files.createDirectories(templates.resolve("it"));
        Files.writeString(templates.resolve("it/subject.txt"), "Benvenuto in Contoso, [(${displayName})]");
        Files.writeString(templates.resolve("it/message.txt"), """
                Ciao [(${displayName})], ecco la tua password per [(${userPrincipalName})]:

                    [(${password})]

                Scrivi a [(${helpdesk})] per qualsiasi dubbio.
                """);
        Path input = Files.writeString(fixture.work().resolve("two.csv"), """
                userPrincipalName,alternateEmail
                giulia.rossi@contoso.example,giulia.rossi@example.org
                grady.archie@contoso.example,grady.archie@example.net
                """);

        Cli.Result result = run(input, "--templates", templates.toString(), "--helpdesk", "it@contoso.example");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("your templates from " + templates + ": 2 files");
        MimeMessage italian = null;
        MimeMessage english = null;
        for (MimeMessage message : fixture.received()) {
            if (Mails.to(message).startsWith("giulia")) {
                italian = message;
            }
            else {
                english = message;
            }
        }
        assertThat(italian.getSubject()).isEqualTo("Benvenuto in Contoso, Giulia Rossi");
        assertThat(Mails.body(italian)).startsWith("Ciao Giulia Rossi, ecco la tua password per giulia.rossi@contoso.example:")
            .contains("Scrivi a it@contoso.example per qualsiasi dubbio.");
        assertThat(fixture.database().passwordMatches("giulia.rossi@contoso.example", Mails.password(italian))).isTrue();
        assertThat(Mails.html(italian)).as("the built-in HTML part of Italian is still used")
            .contains("l'amministratore ha reimpostato la password del Suo account");
        assertThat(english.getSubject()).isEqualTo("Your temporary password for grady.archie@contoso.example");
    }

    @Test
    void theBuiltInTemplatesCanBeExportedEditedAndChecked() throws Exception {
        Path templates = fixture.work().resolve("exported");

        Cli.Result exported = Cli.raw("templates", "export", templates.toString());

        assertThat(exported.exitCode()).as(exported.toString()).isZero();
        assertThat(exported.out()).contains("${password}", "${expiresAt}", "${pass}", "${startsAt}");
        for (String language : MessageTemplates.BUILT_IN) {
            for (String name : MessageTemplates.ALL_NAMES) {
                assertThat(Files.readString(templates.resolve(language).resolve(name)))
                    .isEqualTo(MessageTemplates.builtInSource(language, name));
            }
        }
        assertThat(Cli.raw("templates", "export", templates.toString()).err())
            .contains(templates.resolve("en/subject.txt") + " is already there; nothing was written.");

        Files.writeString(templates.resolve("fr/message.html"), "<p>Bonjour</p>");
        Cli.Result checked = Cli.raw("templates", "check", templates.toString());
        assertThat(checked.exitCode()).isEqualTo(2);
        assertThat(checked.err()).contains("The template " + templates.resolve("fr/message.html")
                + " does not show the password: add an element with th:text=\"${password}\" where it goes.");

        Files.writeString(templates.resolve("fr/message.html"), "<p>Bonjour <code th:text=\"${password}\">x</code></p>");
        checked = Cli.raw("templates", "check", templates.toString());
        assertThat(checked.exitCode()).as(checked.toString()).isZero();
        assertThat(checked.out()).contains("Your templates (36), each rendered with sample values:",
                "fr/message.html  <- " + templates.resolve("fr/message.html"));
    }

    @Test
    void aBrokenTemplateStopsTheRunBeforeAnythingChangesAndNamesTheFile() throws Exception {
        Path templates = fixture.work().resolve("templates");
        Path broken = Files.createDirectories(templates.resolve("sv")).resolve("message.txt");
        Files.writeString(broken, "Hej [(${displayName})]! Ring oss.");
        long runsBefore = fixture.database().query("SELECT COUNT(*) AS N FROM BATCH_JOB_INSTANCE").get(0).values().stream()
            .mapToLong((n) -> ((Number) n).longValue()).sum();

        Cli.Result result = run(fixture.input(), "--templates", templates.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("bulk-resend: The template " + broken + " does not show the password")
            .doesNotContain("Exception", "\tat ");
        assertThat(fixture.received()).isEmpty();
        assertThat(fixture.database().passwordHashes()).as("nobody was reset").isEmpty();
        assertThat(fixture.database().query("SELECT COUNT(*) AS N FROM BATCH_JOB_INSTANCE").get(0).values().stream()
            .mapToLong((n) -> ((Number) n).longValue()).sum()).as("no run recorded").isEqualTo(runsBefore);
    }

    @Test
    void anUnknownDefaultLanguageIsRefusedBeforeAnythingChanges() {
        Cli.Result result = run(fixture.input(), "--default-locale", "de-DE");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("The default language 'de-DE' has no messages: use one of en, it, sv, fr, "
                + "zh-TW, ja, or give --templates DIR with a folder for it.");
        assertThat(fixture.database().passwordHashes()).isEmpty();
        assertThat(run(fixture.input(), "--default-locale", "not a tag!").err())
            .contains("--default-locale: 'not a tag!' is not a language tag");
    }

    @Test
    void theOperatorGetsASummaryWithTheCountsTheAdminCenterAndTheReportAttached() throws Exception {
        Cli.Result result = run(fixture.input(), "--summary-to",
                "it-ops@contoso.example, adele.vance@example.net", "--cloud", "21vianet");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("Summary:  sent to it-ops@contoso.example, adele.vance@example.net");
        List<MimeMessage> summaries = new ArrayList<>();
        List<String> passwords = new ArrayList<>();
        for (MimeMessage message : fixture.received()) {
            if (message.getSubject().startsWith("bulk-resend run")) {
                summaries.add(message);
            }
            else {
                passwords.add(Mails.password(message));
            }
        }
        assertThat(passwords).hasSize(26);
        assertThat(summaries).as("one message, delivered to each of the two addresses").hasSize(2);
        MimeMessage summary = summaries.get(0);
        assertThat(summary.getSubject()).isEqualTo("bulk-resend run 1 of new-hires.csv: 26 told, 8 need attention");
        assertThat(summary.getAllRecipients()).extracting(Object::toString)
            .containsExactly("it-ops@contoso.example", "adele.vance@example.net");
        String text = Mails.body(summary);
        assertThat(text).contains("NOTIFIED                            26", "REJECTED_UNKNOWN_USER",
                "TOTAL ROWS                          34",
                "The users are in the Microsoft 365 admin center: https://portal.partner.microsoftonline.cn",
                "REJECTED_NOT_ACTIVE: ");
        BodyPart attachment = ((MimeMultipart) summary.getContent()).getBodyPart(1);
        assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(attachment.getFileName()).matches("new-hires-\\d{8}-\\d{6}-report\\.csv");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        attachment.getInputStream().transferTo(bytes);
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(report).startsWith("\uFEFFline,user_principal_name").contains("g***@example.net");
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        summary.writeTo(whole);
        for (String password : passwords) {
            assertThat(report).doesNotContain(password);
            assertThat(whole.toString(StandardCharsets.ISO_8859_1)).doesNotContain(password);
        }
    }

    @Test
    void theSummaryOfARunWithoutSmtpGoesToTheOutbox() throws Exception {
        Cli.Result result = fixture.cli().run("run", "--input", fixture.input().toString(), "--summary-to",
                "it-ops@contoso.example");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("Summary:  sent to it-ops@contoso.example");
        try (var files = Files.list(fixture.cli().outDir().resolve("outbox"))) {
            List<MimeMessage> summaries = files.map(Mails::parse).filter((message) -> {
                try {
                    return message.getSubject().startsWith("bulk-resend run");
                }
                catch (jakarta.mail.MessagingException ex) {
                    throw new IllegalStateException(ex);
                }
            }).toList();
            assertThat(summaries).hasSize(1);
        }
        assertThat(fixture.cli().run("run", "--input", fixture.input().toString(), "--summary-to",
                "not-an-address").err()).contains("--summary-to: 'not-an-address' is not a valid email address");
    }
}
