package org.bulkresend.notify;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.password.Secret;
import org.bulkresend.support.Mails;
import org.bulkresend.tenant.Cloud;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Each user's message in their own language, and the admin's own templates. */
class MessageLanguagesTests {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    static final String PASSWORD = "K7#pQ2-vX9!mZ4wR";

    /** Per language: the greeting, a phrase of the body, the subject for jane.doe, the words for "your IT helpdesk". */
    static final Map<String, String[]> NATIVE = Map.of(
            "en", new String[] { "Hello Jane Doe,", "choose a new password",
                    "Your temporary password for jane.doe@contoso.example", "your IT helpdesk" },
            "it", new String[] { "Gentile Jane Doe,", "l'amministratore ha reimpostato la password del Suo account",
                    "La Sua password temporanea per jane.doe@contoso.example", "il supporto IT della Sua azienda" },
            "sv", new String[] { "Hej Jane Doe!", "Din administratör har återställt lösenordet",
                    "Ditt tillfälliga lösenord för jane.doe@contoso.example", "din IT-support" },
            "fr", new String[] { "Bonjour Jane Doe,", "a réinitialisé le mot de passe de votre compte",
                    "Votre mot de passe temporaire pour jane.doe@contoso.example", "votre support informatique" },
            "zh-TW", new String[] { "Jane Doe 您好：", "您的系統管理員已重設您帳戶",
                    "您帳戶 jane.doe@contoso.example 的暫時密碼", "公司的 IT 支援人員" },
            "ja", new String[] { "Jane Doe 様", "パスワードがリセットされました",
                    "仮パスワードのお知らせ（jane.doe@contoso.example）", "社内の IT ヘルプデスク" });

    static final String[] LANGUAGES = MessageTemplates.BUILT_IN.toArray(String[]::new);

    static MessageSettings settings(String helpdesk) {
        return new MessageSettings("helpdesk@contoso.example", Cloud.WORLDWIDE, "https://portal.office.com", helpdesk,
                ZoneId.of("Europe/Rome"));
    }

    static MimeMessage compose(MessageComposer composer, String language, String displayName, Instant expiresAt) {
        return composer.compose(Session.getInstance(new Properties()), new Notification(4, "jane.doe@contoso.example",
                displayName, "jane@example.net", Secret.of(PASSWORD), language, expiresAt));
    }

    @Nested
    class BuiltIn {

        @ParameterizedTest(name = "{0}")
        @FieldSource("org.bulkresend.notify.MessageLanguagesTests#LANGUAGES")
        void everyLanguageRendersBothPartsWithEverythingAUserNeeds(String language) throws Exception {
            MimeMessage message = compose(new MessageComposer(settings(null), CLOCK), language, "Jane Doe", null);
            String[] expected = NATIVE.get(language);

            MimeMessage received = NotifyTests.reparse(message);
            assertThat(received.getSubject()).isEqualTo(expected[2]);
            assertThat(received.getHeader("Content-Language")).containsExactly(language);
            assertThat(received.getContentType()).startsWith("multipart/alternative");
            String text = Mails.body(received);
            String html = Mails.html(received);
            assertThat(text).contains(expected[0], expected[1], "jane.doe@contoso.example",
                    "https://portal.office.com ", expected[3]);
            assertThat(html).contains("<html lang=\"" + language + "\"", "<a href=\"https://portal.office.com\"",
                    "<strong>jane.doe@contoso.example</strong>", "<span>" + expected[3] + "</span>",
                    expected[1]);
            assertThat(Mails.password(received)).as("on its own line, and in monospace in HTML").isEqualTo(PASSWORD);
            assertThat(text + html).as("nothing left unrendered").doesNotContain("${", "[(", "th:text", "th:if", "th:href", "[#", "[/]");
            assertThat(text).as("no expiry without one configured").doesNotContain("2027");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({ "en, 'The temporary password stops working on January 1, 2027 at 9:00 AM (Central European Standard Time).'",
                "it, 'La password temporanea smetterà di funzionare il giorno 1º gennaio 2027 alle 9:00 (ora standard dell''Europa centrale).'",
                "sv, 'Det tillfälliga lösenordet slutar fungera den 1 januari 2027 kl. 09.00 (centraleuropeisk normaltid).'",
                "fr, 'Ce mot de passe temporaire cessera de fonctionner le 1er janvier 2027 à 9 h 00 (heure normale d''Europe centrale)'",
                "zh-TW, '此暫時密碼將於 2027年1月1日 9:00（中歐標準時間）失效。'",
                "ja, 'この仮パスワードの有効期限は2027年1月1日 9:00（中央ヨーロッパ標準時）です。'" })
        void anExpiryIsWrittenAsTheLanguageWritesDates(String language, String sentence) throws Exception {
            MimeMessage message = compose(new MessageComposer(settings("the IT desk"), CLOCK), language, "Jane Doe",
                    Instant.parse("2027-01-01T08:00:00Z"));

            assertThat(Mails.body(message)).contains(sentence).as("never a zone's id").doesNotContain("Europe/");
            assertThat(Mails.html(message)).contains("2027");
            assertThat(Mails.body(message)).as("the helpdesk setting replaces the default words")
                .contains("the IT desk")
                .doesNotContain(NATIVE.get(language)[3]);
        }

        /** Italian elides the article before a number said with a vowel ("l'8", "l'11"): "il giorno" never needs it. */
        @Test
        void anItalianExpiryReadsRightOnTheEighthAndTheEleventh() throws Exception {
            for (String day : new String[] { "08", "11" }) {
                MimeMessage message = compose(new MessageComposer(settings(null), CLOCK), "it", "Jane Doe",
                        Instant.parse("2027-01-" + day + "T08:00:00Z"));

                assertThat(Mails.body(message)).contains("smetterà di funzionare il giorno " + Integer.parseInt(day)
                        + " gennaio 2027").doesNotContain("il 8", "il 11");
                assertThat(Mails.html(message)).contains("il giorno <strong>" + Integer.parseInt(day) + " gennaio");
            }
        }

        @Test
        void aNonAsciiSubjectIsEncodedPerRfc2047AndBodiesAreUtf8() throws Exception {
            MimeMessage message = compose(new MessageComposer(settings(null), CLOCK), "ja", "高橋 蓮", null);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            message.writeTo(raw);
            String wire = raw.toString(StandardCharsets.US_ASCII);

            assertThat(wire).as("the whole message is 7-bit on the wire").doesNotContain("仮");
            assertThat(message.getHeader("Subject")[0]).startsWith("=?UTF-8?");
            assertThat(message.getHeader("To")[0]).contains("=?UTF-8?").endsWith("<jane@example.net>");
            assertThat(wire).contains("Content-Type: text/plain; charset=UTF-8", "Content-Type: text/html; charset=UTF-8");
            assertThat(NotifyTests.reparse(message).getSubject())
                .isEqualTo("仮パスワードのお知らせ（jane.doe@contoso.example）");
            assertThat(Mails.body(NotifyTests.reparse(message))).startsWith("高橋 蓮 様");
        }
    }

    @Nested
    class Choice {

        final MessageTemplates templates = new MessageTemplates(null, "en");

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({ "en, en", "en-GB, en", "EN-us, en", "it-IT, it", "it_CH, it", "sv-SE, sv", "sv, sv", "fr-FR, fr",
                "fr-CA, fr", "zh-TW, zh-TW", "zh-Hant-TW, zh-TW", "zh-Hant, zh-TW", "zh-HK, zh-TW", "zh_TW, zh-TW",
                "ja-JP, ja", "ja, ja" })
        void theFormsMicrosoftExportsAreAccepted(String tag, String language) {
            assertThat(this.templates.choose(tag, null)).isEqualTo(new LanguageChoice(language, null));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({ "de-DE", "zh-CN", "zh-Hans", "zh", "pt-BR", "not a language!", "x" })
        void aLanguageWithoutMessagesGetsTheDefaultAndSaysSo(String tag) {
            LanguageChoice choice = this.templates.choose(tag, "ja");

            assertThat(choice.tag()).isEqualTo("en");
            assertThat(choice.note()).isEqualTo("written in en: the row's language '" + tag + "' has no messages");
        }

        @Test
        void theRowComesFirstThenTheDirectoryThenTheDefault() {
            assertThat(this.templates.choose("sv-SE", "ja-JP").tag()).isEqualTo("sv");
            assertThat(this.templates.choose(" ", "ja-JP").tag()).isEqualTo("ja");
            assertThat(this.templates.choose(null, null)).isEqualTo(new LanguageChoice("en", null));
            assertThat(this.templates.choose(null, "ko-KR").note())
                .isEqualTo("written in en: the directory's preferred language 'ko-KR' has no messages");
            MessageTemplates french = new MessageTemplates(null, "fr-FR");
            assertThat(french.choose(null, null)).isEqualTo(new LanguageChoice("fr", null));
            assertThat(french.choose("de", null).tag()).isEqualTo("fr");
        }

        @Test
        void aDefaultLanguageWithoutMessagesIsRefused() {
            MessageTemplates german = new MessageTemplates(null, "de");

            assertThatExceptionOfType(TemplateRejectedException.class).isThrownBy(german::check)
                .withMessage("The default language 'de' has no messages: use one of en, it, sv, fr, zh-TW, ja, or give "
                        + "--templates DIR with a folder for it.");
        }
    }

    @Nested
    class Overrides {

        @TempDir
        Path folder;

        Path write(String language, String name, String text) throws Exception {
            Path file = Files.createDirectories(this.folder.resolve(language)).resolve(name);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        }

        @Test
        void anOverrideReplacesOnlyItsOwnFile() throws Exception {
            write("it", "message.txt", "Buongiorno [(${displayName})], ecco la password:\n\n    [(${password})]\n");
            MessageTemplates templates = new MessageTemplates(this.folder, "en");
            templates.check();

            MimeMessage message = compose(new MessageComposer(settings(null), templates, CLOCK), "it", "Jane Doe", null);

            assertThat(Mails.body(message)).startsWith("Buongiorno Jane Doe, ecco la password:");
            assertThat(Mails.password(message)).isEqualTo(PASSWORD);
            assertThat(message.getSubject()).isEqualTo(NATIVE.get("it")[2]);
            assertThat(Mails.html(message)).contains(NATIVE.get("it")[1]);
            assertThat(templates.overrides()).containsOnlyKeys("it/message.txt");
        }

        @Test
        void aFolderWithAllThreeFilesAddsALanguage() throws Exception {
            write("de", "subject.txt", "Ihr vorläufiges Kennwort für [(${userPrincipalName})]");
            write("de", "message.txt", "Hallo [(${displayName})],\n\n    [(${password})]\n");
            write("de", "message.html", "<p>Hallo <span th:text=\"${displayName}\">x</span>, "
                    + "<code th:text=\"${password}\">x</code></p>");
            MessageTemplates templates = new MessageTemplates(this.folder, "de");
            templates.check();

            assertThat(templates.languages()).endsWith("de");
            assertThat(templates.choose("de-AT", null)).isEqualTo(new LanguageChoice("de", null));
            MimeMessage message = compose(new MessageComposer(settings(null), templates, CLOCK), "de", "Jane Doe", null);
            assertThat(message.getSubject()).isEqualTo("Ihr vorläufiges Kennwort für jane.doe@contoso.example");
            assertThat(Mails.password(message)).isEqualTo(PASSWORD);
        }

        @Test
        void aTemplateThatDoesNotRenderIsRefusedByName() throws Exception {
            Path file = write("ja", "message.html", "<p th:text=\"${password\">x</p>");

            assertThatExceptionOfType(TemplateRejectedException.class)
                .isThrownBy(() -> new MessageTemplates(this.folder, "en").check())
                .withMessageStartingWith("The template " + file + " cannot be rendered: ")
                .withMessageEndingWith("Nothing was changed.");
        }

        @Test
        void aMessageWithoutThePasswordIsRefusedByName() throws Exception {
            Path file = write("fr", "message.txt", "Bonjour [(${displayName})], appelez-nous.");

            assertThatExceptionOfType(TemplateRejectedException.class)
                .isThrownBy(() -> new MessageTemplates(this.folder, "en").check())
                .withMessage("The template " + file + " does not show the password: add [(${password})] where it goes. "
                        + "Nothing was changed.");
        }

        @Test
        void aSubjectWithThePasswordIsRefused() throws Exception {
            Path file = write("en", "subject.txt", "Your password is [(${password})]");

            assertThatExceptionOfType(TemplateRejectedException.class)
                .isThrownBy(() -> new MessageTemplates(this.folder, "en").check())
                .withMessageStartingWith("The template " + file + " puts the password in the subject");
        }

        @Test
        void strayFilesMisnamedFoldersAndIncompleteNewLanguagesAreRefused() throws Exception {
            Path stray = write("en", "message.htm", "x");
            assertThatExceptionOfType(TemplateRejectedException.class)
                .isThrownBy(() -> new MessageTemplates(this.folder, "en").check())
                .withMessageStartingWith(stray + " is not a template: a language folder holds subject.txt, "
                        + "message.txt, message.html, tap-subject.txt, tap-message.txt, tap-message.html.");
            Files.delete(stray);

            write("pt-BR", "message.txt", "[(${password})]");
            assertThatExceptionOfType(TemplateRejectedException.class)
                .isThrownBy(() -> new MessageTemplates(this.folder, "en").check())
                .withMessageStartingWith("The templates of pt-BR in " + this.folder.resolve("pt-BR")
                        + " lack subject.txt and message.html");

            assertThatExceptionOfType(TemplateRejectedException.class)
                .isThrownBy(() -> new MessageTemplates(this.folder.resolve("missing"), "en").check())
                .withMessageStartingWith("The templates folder " + this.folder.resolve("missing") + " does not exist");
        }

        @Test
        void aTemplateThatIsNotUtf8IsRefused() throws Exception {
            Path file = Files.createDirectories(this.folder.resolve("sv")).resolve("subject.txt");
            Files.write(file, "Lösenord".getBytes(StandardCharsets.ISO_8859_1));

            assertThatExceptionOfType(TemplateRejectedException.class)
                .isThrownBy(() -> new MessageTemplates(this.folder, "en").check())
                .withMessage("The template " + file + " is not UTF-8 text: save it as UTF-8. Nothing was changed.");
        }
    }

    @org.junit.jupiter.api.Test
    void theWordForAtFollowsTheGrammarAndAZoneWithoutANameIsItsOffset() {
        Instant oneInTheMorning = Instant.parse("2027-03-14T00:05:00Z");

        assertThat(MessageComposer.expiry(oneInTheMorning, "it", ZoneId.of("Europe/Rome")))
            .isEqualTo("14 marzo 2027 all'1:05 (ora standard dell'Europa centrale)");
        assertThat(MessageComposer.expiry(oneInTheMorning, "fr", ZoneId.of("Europe/Paris")))
            .isEqualTo("14 mars 2027 à 1 h 05 (heure normale d'Europe centrale)");
        assertThat(MessageComposer.expiry(oneInTheMorning, "en", ZoneId.of("Etc/GMT+3")))
            .isEqualTo("March 13, 2027 at 9:05 PM (GMT-03:00)");
        assertThat(MessageComposer.expiry(oneInTheMorning, "ja", ZoneId.of("Asia/Tokyo")))
            .isEqualTo("2027年3月14日 9:05（日本標準時）");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "en | Kind regards, | Your IT team",
            "it | Cordiali saluti, | Il supporto IT",
            "sv | Vänliga hälsningar | IT-supporten",
            "fr | Cordialement, | Votre service informatique",
            "zh-TW | 敬祝 商祺 | IT 支援團隊" })
    void everyLanguageClosesAsBusinessMailDoesAndIsSignedByTheOrganisation(String language, String closing,
            String team) throws Exception {
        MimeMessage unsigned = compose(new MessageComposer(settings("the IT desk"), CLOCK), language, "Jane Doe", null);
        MimeMessage signed = compose(new MessageComposer(new MessageSettings("helpdesk@contoso.example",
                Cloud.WORLDWIDE, "https://portal.office.com", "the IT desk", ZoneId.of("Europe/Rome"),
                java.util.Map.of(), "Contoso IT"), CLOCK), language, "Jane Doe", null);

        assertThat(Mails.body(unsigned).strip()).endsWith(closing + "\n" + team);
        assertThat(Mails.body(signed).strip()).endsWith(closing + "\nContoso IT");
        assertThat(Mails.html(signed)).contains(closing + "<br><span>Contoso IT</span>");
    }

    /**
     * Japanese business mail: the sender names itself after the greeting, the body is in 敬語,
     * and it closes with 何卒よろしくお願い申し上げます and a signature block (署名) set apart by rules.
     */
    @org.junit.jupiter.api.Test
    void japaneseIsWrittenInKeigoAndClosesWithASignatureBlock() throws Exception {
        String rule = "――――――――――――――――――――";
        MimeMessage unsigned = compose(new MessageComposer(settings(null), CLOCK), "ja", "佐藤 陽翔", null);
        MimeMessage signed = compose(new MessageComposer(new MessageSettings("helpdesk@contoso.example",
                Cloud.WORLDWIDE, "https://portal.office.com", null, ZoneId.of("Asia/Tokyo"), java.util.Map.of(),
                "Contoso IT"), CLOCK), "ja", "佐藤 陽翔", null);

        assertThat(Mails.body(unsigned)).startsWith("佐藤 陽翔 様\n\n情報システム部です。パスワードの再発行についてご連絡いたします。\n\n")
            .contains("ご不明な点がございましたら、社内の IT ヘルプデスクまでお問い合わせください。")
            .endsWith("何卒よろしくお願い申し上げます。\n\n" + rule + "\n情報システム部\n" + rule + "\n");
        assertThat(Mails.body(signed)).startsWith("佐藤 陽翔 様\n\nContoso ITです。")
            .endsWith("何卒よろしくお願い申し上げます。\n\n" + rule + "\nContoso IT\n" + rule + "\n");
        assertThat(Mails.html(signed)).contains("<span>Contoso IT</span>です。", "何卒よろしくお願い申し上げます。</p>")
            .containsPattern("<p style=\"[^\"]*border-top:[^\"]*\">Contoso IT</p>");
    }

    @org.junit.jupiter.api.Test
    void italianIsWrittenInTheFormalRegisterOfBusinessMail() throws Exception {
        String body = Mails.body(compose(new MessageComposer(settings(null), CLOCK), "it", "Jane Doe",
                Instant.parse("2027-01-01T08:00:00Z")));

        assertThat(body).startsWith("Gentile Jane Doe,").contains("Acceda a", "Le verrà chiesto", "ne chieda una "
                + "nuova", "contatti il supporto IT della Sua azienda").doesNotContainPattern("\\b(tu|tua|tuo|ti|Ciao)\\b");
    }

    /**
     * No sentence of the default language's message stands inside another language's: every run
     * of three English words of the English message (the account, the address and the password
     * aside, which are the same in every language) is looked for in each of the others.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = { "it", "sv", "fr", "zh-TW", "ja" })
    void noPhraseOfTheDefaultLanguageAppearsInAnother(String language) throws Exception {
        MessageComposer composer = new MessageComposer(settings(null), CLOCK);
        Instant expiry = Instant.parse("2027-01-01T08:00:00Z");
        String english = Mails.body(compose(composer, "en", "Jane Doe", expiry))
            .replace("jane.doe@contoso.example", " ").replace("https://portal.office.com", " ").replace(PASSWORD, " ");
        String other = Mails.body(compose(composer, language, "Jane Doe", expiry)) + "\n"
                + Mails.html(compose(composer, language, "Jane Doe", expiry));
        String[] words = english.split("[^\\p{L}']+");
        java.util.List<String> found = new java.util.ArrayList<>();
        for (int i = 0; i + 3 <= words.length; i++) {
            String phrase = String.join(" ", java.util.Arrays.copyOfRange(words, i, i + 3));
            if (phrase.strip().split(" ").length == 3 && !phrase.contains("Jane Doe")
                    && other.toLowerCase(java.util.Locale.ROOT).contains(phrase.toLowerCase(java.util.Locale.ROOT))) {
                found.add(phrase);
            }
        }
        assertThat(found).as("English phrases in the " + language + " message").isEmpty();
    }
}
