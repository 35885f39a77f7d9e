package org.bulkresend.notify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Header;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.PassTerms;
import org.bulkresend.password.Secret;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Mails;
import org.bulkresend.tenant.Cloud;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.unbescape.html.HtmlEscape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A user given a Temporary Access Pass reads, in their own language, the pass set apart, when it
 * starts and stops working, whether one sign-in uses it up, where to use it and what to set up
 * there, and that their password did not change: never the words of a temporary or new password.
 * The admin's own pass templates are checked as the password ones are, with the pass.
 */
class TapMessagesTests {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    /** A pass with the characters Graph puts in them, among them the one HTML escapes. */
    static final String PASS = "Q8&mT4#v";

    static final String SECURITY_INFO = "https://mysignins.microsoft.com/security-info";

    /** A pass issued to start tomorrow morning, for eight hours. */
    static final PassTerms LATER_ONCE = PassTerms.of(Instant.parse("2026-11-23T08:00:00Z"), Duration.ofHours(8),
            true);

    /** A pass that already works when the message is written, for several sign-ins. */
    static final PassTerms NOW_REUSABLE = PassTerms.of(Instant.parse("2026-11-22T09:55:00Z"), Duration.ofHours(8),
            false);

    static final String[] LANGUAGES = MessageTemplates.BUILT_IN.toArray(String[]::new);

    /**
     * What each language's pass message must say, in its own words, and the words of the
     * language's password message ("temporary password", "new password") it must never say.
     */
    record Native(String subject, String term, String worksRightAway, String oneSignIn, String setUp,
            String passwordUnchanged, List<String> passwordWords) {
    }

    static final Map<String, Native> NATIVE = Map.of(
            "en", new Native("Your Temporary Access Pass for jane.doe@contoso.example", "Temporary Access Pass",
                    "The pass works right away", "It works for one sign-in only",
                    "set up Microsoft Authenticator or a passkey", "Your password has not been changed.",
                    List.of("temporary password", "new password")),
            "it", new Native("Il Suo pass di accesso temporaneo per jane.doe@contoso.example",
                    "pass di accesso temporaneo", "Il pass funziona da subito", "Vale per un solo accesso",
                    "configuri Microsoft Authenticator o una passkey", "La Sua password non è stata modificata.",
                    List.of("password temporanea", "nuova password", "una nuova")),
            "sv", new Native("Ditt tillfälliga åtkomstpass för jane.doe@contoso.example", "tillfälligt åtkomstpass",
                    "Passet fungerar direkt", "Det fungerar bara för en enda inloggning",
                    "Konfigurera sedan Microsoft Authenticator eller en nyckel (passkey)", "Ditt lösenord har inte ändrats.",
                    List.of("tillfälliga lösenord", "nytt lösenord")),
            "fr", new Native("Votre passe d'accès temporaire pour jane.doe@contoso.example", "passe d'accès temporaire",
                    "Ce passe fonctionne dès maintenant", "Il ne sert qu'à une seule connexion",
                    "Configurez ensuite Microsoft Authenticator ou une clé d'accès",
                    "Votre mot de passe n'a pas été modifié.",
                    List.of("mot de passe temporaire", "nouveau mot de passe")),
            "zh-TW", new Native("您帳戶 jane.doe@contoso.example 的暫時存取密碼", "暫時存取密碼", "此暫時存取密碼立即生效",
                    "僅限登入一次", "設定 Microsoft Authenticator 或密碼金鑰", "您的密碼並未變更。",
                    List.of("暫時密碼", "新密碼")),
            "ja", new Native("一時アクセス パスのお知らせ（jane.doe@contoso.example）", "一時アクセス パス",
                    "すぐにご利用いただけます", "1 回限り", "Microsoft Authenticator またはパスキーを設定してください",
                    "パスワードは変更されておりません。", List.of("仮パスワード", "新しいパスワード")));

    static MessageSettings settings(String helpdesk, String organization) {
        return new MessageSettings("helpdesk@contoso.example", Cloud.WORLDWIDE, "https://portal.office.com", helpdesk,
                ZoneId.of("Europe/Rome"), Map.of(), organization);
    }

    static MimeMessage compose(MessageComposer composer, String language, ZoneId zone, PassTerms terms) {
        return composer.compose(Session.getInstance(new Properties()), Notification.ofPass(4,
                "jane.doe@contoso.example", "Jane Doe", "jane@example.net", Secret.of(PASS), language, zone, terms));
    }

    static Path write(Path folder, String language, String name, String text) throws Exception {
        Path file = Files.createDirectories(folder.resolve(language)).resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Nested
    class BuiltIn {

        @ParameterizedTest(name = "{0}")
        @FieldSource("org.bulkresend.notify.TapMessagesTests#LANGUAGES")
        void aPassThatStartsLaterIsToldWithBothTimesItsOneUseAndWhereToSetUpSignIn(String language)
                throws Exception {
            MimeMessage message = NotifyTests.reparse(compose(new MessageComposer(settings(null, null), CLOCK),
                    language, null, LATER_ONCE));
            Native expected = NATIVE.get(language);
            // Quoted-printable parts come back with the wire's CRLF line ends, as a mail client reads them.
            String text = Mails.body(message).replace("\r\n", "\n");
            String html = Mails.html(message);
            String shown = HtmlEscape.unescapeHtml(html);
            String starts = MessageComposer.expiry(LATER_ONCE.startsAt(), language, ZoneId.of("Europe/Rome"));
            String ends = MessageComposer.expiry(LATER_ONCE.endsAt(), language, ZoneId.of("Europe/Rome"));

            assertThat(message.getSubject()).isEqualTo(expected.subject());
            assertThat(message.getHeader("Content-Language")).containsExactly(language);
            assertThat(message.getContentType()).startsWith("multipart/alternative");
            assertThat(Mails.password(message)).as("on its own line, and in monospace in HTML").isEqualTo(PASS);
            assertThat(text).contains("\n\n    " + PASS + "\n\n");
            assertThat(html).contains(">Q8&amp;mT4#v</code>", "<a href=\"" + SECURITY_INFO + "\"");
            assertThat(text).contains(starts, ends, expected.oneSignIn(), SECURITY_INFO, expected.setUp(),
                    expected.passwordUnchanged(), expected.term())
                .doesNotContain(expected.worksRightAway());
            assertThat(shown).contains(starts, ends, expected.oneSignIn(), SECURITY_INFO, expected.setUp(),
                    expected.passwordUnchanged())
                .doesNotContain(expected.worksRightAway());
            for (String words : expected.passwordWords()) {
                assertThat((message.getSubject() + text + shown).toLowerCase(Locale.ROOT))
                    .as("a pass is not a password").doesNotContain(words.toLowerCase(Locale.ROOT));
            }
            assertThat(text + html).as("nothing left unrendered")
                .doesNotContain("${", "[(", "th:text", "th:if", "th:unless", "th:block", "th:href", "[#", "[/]", "Xy7#pQ2", "2027");
            for (Header header : Collections.list(message.getAllHeaders())) {
                assertThat(MimeUtility.decodeText(MimeUtility.unfold(header.getValue()))).doesNotContain(PASS);
            }
        }

        @ParameterizedTest(name = "{0}")
        @FieldSource("org.bulkresend.notify.TapMessagesTests#LANGUAGES")
        void aPassThatAlreadyWorksSaysSoAndOnlyWhenItStopsInTheUsersOwnZone(String language) throws Exception {
            ZoneId tokyo = ZoneId.of("Asia/Tokyo");
            MimeMessage message = compose(new MessageComposer(settings(null, null), CLOCK), language, tokyo,
                    NOW_REUSABLE);
            Native expected = NATIVE.get(language);
            String text = Mails.body(message);
            String shown = HtmlEscape.unescapeHtml(Mails.html(message));

            assertThat(Mails.password(message)).isEqualTo(PASS);
            for (String part : List.of(text, shown)) {
                assertThat(part).contains(expected.worksRightAway(), MessageComposer.expiry(NOW_REUSABLE.endsAt(),
                        language, tokyo))
                    .as("no start time once the pass works")
                    .doesNotContain(MessageComposer.expiry(NOW_REUSABLE.startsAt(), language, tokyo))
                    .as("several sign-ins").doesNotContain(expected.oneSignIn())
                    .as("the user's zone, not the run's")
                    .doesNotContain(MessageComposer.expiry(NOW_REUSABLE.endsAt(), language, ZoneId.of("Europe/Rome")));
            }
        }

        @Test
        void aPasswordMessageIsStillThePasswordMessage() throws Exception {
            MimeMessage message = new MessageComposer(settings(null, null), CLOCK).compose(
                    Session.getInstance(new Properties()), new Notification(4, "jane.doe@contoso.example", "Jane Doe",
                            "jane@example.net", Secret.of(PASS), "en", null));

            assertThat(message.getSubject()).isEqualTo("Your temporary password for jane.doe@contoso.example");
            assertThat(Mails.body(message)).contains("choose a new password", "https://portal.office.com")
                .doesNotContain("Temporary Access Pass", SECURITY_INFO);
        }

        @Test
        void theAddressIsTheOneTheSettingsGive() throws Exception {
            MessageSettings usGovernment = new MessageSettings("helpdesk@contoso.example", Cloud.US_GOVERNMENT,
                    "https://portal.office365.us", null, ZoneId.of("America/New_York"));
            MessageSettings elsewhere = new MessageSettings("helpdesk@contoso.example", Cloud.WORLDWIDE,
                    "https://portal.office.com", null, ZoneId.of("UTC"), Map.of(), null,
                    "https://aka.contoso.example/security-info");

            assertThat(Mails.body(compose(new MessageComposer(usGovernment, CLOCK), "en", null, LATER_ONCE)))
                .contains("Go to https://mysignins.microsoft.us/security-info and sign in");
            assertThat(Mails.html(compose(new MessageComposer(elsewhere, CLOCK), "fr", null, LATER_ONCE)))
                .contains("<a href=\"https://aka.contoso.example/security-info\"");
        }

        @ParameterizedTest(name = "{0}")
        @FieldSource("org.bulkresend.notify.TapMessagesTests#LANGUAGES")
        void theHelpdeskAndTheOrganisationAreWrittenWhereThePasswordMessageWritesThem(String language)
                throws Exception {
            MimeMessage unsigned = compose(new MessageComposer(settings(null, null), CLOCK), language, null,
                    LATER_ONCE);
            MimeMessage signed = compose(new MessageComposer(settings("the IT desk", "Contoso IT"), CLOCK), language,
                    null, LATER_ONCE);
            MimeMessage password = MessageLanguagesTests.compose(new MessageComposer(settings(null, null), CLOCK),
                    language, "Jane Doe", null);
            String passwordText = Mails.body(password).strip();
            String closing = passwordText.substring(passwordText.lastIndexOf("\n\n") + 2);

            assertThat(Mails.body(unsigned).strip()).as("the password message's closing and default signature")
                .endsWith(closing)
                .contains(MessageLanguagesTests.NATIVE.get(language)[3]);
            assertThat(Mails.body(signed)).contains("the IT desk", "Contoso IT")
                .doesNotContain(MessageLanguagesTests.NATIVE.get(language)[3]);
            assertThat(Mails.html(signed)).contains("<span>the IT desk</span>", "Contoso IT</");
        }

        /** The same 敬語 and 署名 block as the Japanese password message. */
        @Test
        void japaneseIsWrittenInKeigoAndClosesWithASignatureBlock() throws Exception {
            String rule = "――――――――――――――――――――";
            MimeMessage signed = compose(new MessageComposer(settings(null, "Contoso IT"), CLOCK), "ja",
                    ZoneId.of("Asia/Tokyo"), LATER_ONCE);

            assertThat(Mails.body(signed)).startsWith("Jane Doe 様\n\nContoso ITです。")
                .contains("サインインしてください。", "までお問い合わせください。")
                .endsWith("何卒よろしくお願い申し上げます。\n\n" + rule + "\nContoso IT\n" + rule + "\n");
            assertThat(Mails.html(signed)).containsPattern("<p style=\"[^\"]*border-top:[^\"]*\">Contoso IT</p>");
        }

        /** As for the password message: every run of three English words is looked for in the others. */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = { "it", "sv", "fr", "zh-TW", "ja" })
        void noPhraseOfTheEnglishMessageAppearsInAnother(String language) throws Exception {
            MessageComposer composer = new MessageComposer(settings(null, null), CLOCK);
            String english = Mails.body(compose(composer, "en", null, LATER_ONCE))
                .replace("jane.doe@contoso.example", " ").replace(SECURITY_INFO, " ").replace(PASS, " ")
                .replace("Microsoft Authenticator", " ");
            MimeMessage other = compose(composer, language, null, LATER_ONCE);
            String otherText = (Mails.body(other) + "\n" + Mails.html(other)).toLowerCase(Locale.ROOT);
            String[] words = english.split("[^\\p{L}']+");
            List<String> found = new ArrayList<>();
            for (int i = 0; i + 3 <= words.length; i++) {
                String phrase = String.join(" ", Arrays.copyOfRange(words, i, i + 3));
                if (phrase.strip().split(" ").length == 3 && !phrase.contains("Jane Doe")
                        && otherText.contains(phrase.toLowerCase(Locale.ROOT))) {
                    found.add(phrase);
                }
            }
            assertThat(found).as("English phrases in the " + language + " message").isEmpty();
        }
    }

    /** The admin's pass templates, checked before a run changes anything. */
    @Nested
    class Overrides {

        @TempDir
        Path folder;

        void assertRefused(CredentialKind kind, String message) {
            assertThatExceptionOfType(TemplateRejectedException.class)
                .isThrownBy(() -> new MessageTemplates(this.folder, "en").check(kind))
                .withMessage(message);
        }

        @Test
        void aPassShownOnlyWithAStartTimeIsRefusedNamingTheFileAndTheCase() throws Exception {
            Path file = write(this.folder, "en", "tap-message.txt", """
                    Hello [(${displayName})],
                    [# th:if="${startsAt}"]
                    From [(${startsAt})] until [(${expiresAt})], your pass:

                        [(${pass})]
                    [/]
                    """);

            String refusal = "The template " + file + " does not show the pass when the en message has no start "
                    + "time (a run without --tap-start): its users would be given a pass they are never told. Show "
                    + "[(${pass})] outside th:if and th:unless, or in each case. Nothing was changed.";
            assertRefused(CredentialKind.TAP, refusal);
            assertRefused(CredentialKind.PASSWORD, refusal);
        }

        @Test
        void anHtmlPartThatShowsThePassOnlyForOneSignInIsRefused() throws Exception {
            Path file = write(this.folder, "sv", "tap-message.html",
                    "<p>Hej!</p><p th:if=\"${usableOnce}\">Passet: <code th:text=\"${pass}\">x</code></p>");

            assertRefused(CredentialKind.TAP, "The template " + file + " does not show the pass when the sv message "
                    + "has a pass for several sign-ins (a run without --tap-once): its users would be given a pass "
                    + "they are never told. Show an element with th:text=\"${pass}\" outside th:if and th:unless, or "
                    + "in each case. Nothing was changed.");
        }

        @Test
        void aPassTemplateThatShowsThePasswordVariableIsRefused() throws Exception {
            // A copy of the password message: ${password} holds nothing in a pass's message.
            Path file = write(this.folder, "fr", "tap-message.txt", "Bonjour,\n\n    [(${password})]\n");

            assertRefused(CredentialKind.TAP, "The template " + file + " does not show the pass: add [(${pass})] "
                    + "where it goes. Nothing was changed.");
        }

        @Test
        void aTextPartThatEscapesThePassIsRefused() throws Exception {
            Path file = write(this.folder, "en", "tap-message.txt", "Hello,\n\n    [[${pass}]]\n");

            assertRefused(CredentialKind.TAP, "The template " + file + " shows the pass HTML-escaped, as [[${pass}]] "
                    + "does in a text file: a pass with & in it would read &amp;. Write [(${pass})] instead. Nothing "
                    + "was changed.");
        }

        @Test
        void aSubjectWithThePassIsRefused() throws Exception {
            Path file = write(this.folder, "ja", "tap-subject.txt",
                    "一時アクセス パス[# th:if=\"${helpdesk}\"]：[(${pass})][/]\n");

            assertRefused(CredentialKind.TAP, "The template " + file + " puts the pass in the subject when the ja "
                    + "message has a helpdesk (a run with --helpdesk), where mail logs and lock screens show it: keep "
                    + "it in the message. Nothing was changed.");
        }

        @Test
        void aTemplateThatFailsOnlyWithoutAStartTimeIsRefusedWithTheCase() throws Exception {
            Path file = write(this.folder, "it", "tap-message.txt",
                    "[(${pass})]\n[(${startsAt.toUpperCase()})]\n");

            assertThatExceptionOfType(TemplateRejectedException.class)
                .isThrownBy(() -> new MessageTemplates(this.folder, "en").check(CredentialKind.TAP))
                .withMessageStartingWith("The template " + file + " cannot be rendered when the it message has no "
                        + "start time (a run without --tap-start): ")
                .withMessageEndingWith("Nothing was changed.");
        }

        @Test
        void aPassInEveryBranchIsAcceptedAndUsedForThatFileOnly() throws Exception {
            write(this.folder, "en", "tap-message.txt", """
                    Hello [(${displayName})],
                    [# th:if="${startsAt}"]From [(${startsAt})]: [(${pass})][/][# th:unless="${startsAt}"]Now: [(${pass})][/]
                    Until [(${expiresAt})][# th:if="${usableOnce}"], once[/]. Go to [(${securityInfoUrl})].
                    """);
            MessageTemplates templates = new MessageTemplates(this.folder, "en");
            templates.check(CredentialKind.TAP);
            MessageComposer composer = new MessageComposer(settings(null, null), templates, CLOCK);

            MimeMessage message = compose(composer, "en", null, NOW_REUSABLE);

            assertThat(Mails.body(message)).isEqualTo("Hello Jane Doe,\nNow: " + PASS + "\nUntil "
                    + MessageComposer.expiry(NOW_REUSABLE.endsAt(), "en", ZoneId.of("Europe/Rome")) + ". Go to "
                    + SECURITY_INFO + ".\n");
            assertThat(message.getSubject()).isEqualTo(NATIVE.get("en").subject());
            assertThat(Mails.html(message)).contains(NATIVE.get("en").setUp());
            assertThat(templates.overrides()).containsOnlyKeys("en/tap-message.txt");
            assertThat(Mails.body(MessageLanguagesTests.compose(composer, "en", "Jane Doe", null)))
                .as("the password message is the built-in one").contains("choose a new password");
        }

        @Test
        void aLanguageAddedWithoutPassFilesServesPasswordRunsAndIsRefusedForPasses() throws Exception {
            write(this.folder, "de", "subject.txt", "Ihr vorläufiges Kennwort für [(${userPrincipalName})]");
            write(this.folder, "de", "message.txt", "Hallo [(${displayName})],\n\n    [(${password})]\n");
            write(this.folder, "de", "message.html", "<p><code th:text=\"${password}\">x</code></p>");
            MessageTemplates templates = new MessageTemplates(this.folder, "en");

            templates.check(CredentialKind.PASSWORD);
            templates.check();
            assertThat(templates.languagesWithoutPassMessage())
                .containsExactly(Map.entry("de", List.of("tap-subject.txt", "tap-message.txt", "tap-message.html")));
            assertThatExceptionOfType(TemplateRejectedException.class)
                .isThrownBy(() -> templates.check(CredentialKind.TAP))
                .withMessage("The templates of de in " + this.folder.resolve("de") + " lack tap-subject.txt and "
                        + "tap-message.txt and tap-message.html: a run that gives Temporary Access Passes needs all "
                        + "of tap-subject.txt, tap-message.txt, tap-message.html for each language without built-in "
                        + "messages. Nothing was changed.");

            write(this.folder, "de", "tap-subject.txt", "Ihr befristeter Zugriffspass für [(${userPrincipalName})]");
            write(this.folder, "de", "tap-message.txt", "Hallo [(${displayName})],\n\n    [(${pass})]\n");
            write(this.folder, "de", "tap-message.html", "<p><code th:text=\"${pass}\">x</code></p>");
            MessageTemplates complete = new MessageTemplates(this.folder, "en");
            complete.check(CredentialKind.TAP);
            MimeMessage message = compose(new MessageComposer(settings(null, null), complete, CLOCK), "de", null,
                    LATER_ONCE);
            assertThat(message.getSubject()).isEqualTo("Ihr befristeter Zugriffspass für jane.doe@contoso.example");
            assertThat(Mails.password(message)).isEqualTo(PASS);
        }

        @Test
        void anAddedLanguagesPassMessageIsCheckedEvenBeforeItHasASubject() throws Exception {
            write(this.folder, "de", "subject.txt", "Ihr Kennwort");
            write(this.folder, "de", "message.txt", "[(${password})]");
            write(this.folder, "de", "message.html", "<code th:text=\"${password}\">x</code>");
            Path file = write(this.folder, "de", "tap-message.txt", "Hallo, rufen Sie uns an.");

            assertRefused(CredentialKind.PASSWORD, "The template " + file + " does not show the pass: add "
                    + "[(${pass})] where it goes. Nothing was changed.");
            write(this.folder, "de", "tap-message.txt", "[(${pass})]");
            new MessageTemplates(this.folder, "en").check(CredentialKind.PASSWORD);
            assertRefused(CredentialKind.TAP, "The templates of de in " + this.folder.resolve("de") + " lack "
                    + "tap-subject.txt and tap-message.html: a run that gives Temporary Access Passes needs all of "
                    + "tap-subject.txt, tap-message.txt, tap-message.html for each language without built-in "
                    + "messages. Nothing was changed.");
        }
    }

    /** {@code templates export} and {@code templates check}, through the real command line. */
    @Nested
    class Command {

        @TempDir
        Path work;

        @Test
        void exportWritesBothMessagesOfEveryLanguageAndCheckAcceptsThemForPasses() throws Exception {
            Path templates = this.work.resolve("exported");

            Cli.Result exported = Cli.raw("templates", "export", templates.toString());

            assertThat(exported.exitCode()).as(exported.toString()).isZero();
            assertThat(exported.out()).contains("${pass}", "${startsAt}", "${usableOnce}", "${securityInfoUrl}");
            for (String language : MessageTemplates.BUILT_IN) {
                try (var files = Files.list(templates.resolve(language))) {
                    assertThat(files.map((file) -> file.getFileName().toString()))
                        .containsExactlyInAnyOrderElementsOf(MessageTemplates.ALL_NAMES);
                }
                for (String name : MessageTemplates.TAP_NAMES) {
                    assertThat(Files.readString(templates.resolve(language).resolve(name)))
                        .isEqualTo(MessageTemplates.builtInSource(language, name));
                }
            }
            Cli.Result checked = Cli.raw("templates", "check", templates.toString(), "--credential", "tap");
            assertThat(checked.exitCode()).as(checked.toString()).isZero();
            assertThat(checked.out()).contains("Your templates (36), each rendered with sample values:",
                    "ja/tap-message.html  <- " + templates.resolve("ja/tap-message.html"));
        }

        @Test
        void checkRefusesAPassLostInOneCaseAndALanguageWithoutPassFilesOnlyForPasses() throws Exception {
            Path templates = this.work.resolve("templates");
            write(templates, "de", "subject.txt", "Ihr Kennwort");
            write(templates, "de", "message.txt", "[(${password})]");
            write(templates, "de", "message.html", "<code th:text=\"${password}\">x</code>");

            Cli.Result forPasswords = Cli.raw("templates", "check", templates.toString());
            Cli.Result forPasses = Cli.raw("templates", "check", templates.toString(), "--credential", "tap");

            assertThat(forPasswords.exitCode()).as(forPasswords.toString()).isZero();
            assertThat(forPasswords.out()).contains("de has no tap-subject.txt, tap-message.txt, tap-message.html: a "
                    + "run with --credential tap refuses it.");
            assertThat(forPasses.exitCode()).as(forPasses.toString()).isEqualTo(2);
            assertThat(forPasses.err()).contains("The templates of de in " + templates.resolve("de") + " lack "
                    + "tap-subject.txt and tap-message.txt and tap-message.html").contains("Nothing was changed.");

            Path file = write(templates, "en", "tap-message.txt",
                    "[# th:unless=\"${organization}\"][(${pass})][/]\n");
            Cli.Result lost = Cli.raw("templates", "check", templates.toString());
            assertThat(lost.exitCode()).as(lost.toString()).isEqualTo(2);
            assertThat(lost.err()).contains("The template " + file + " does not show the pass when the en message has "
                    + "an organisation (a run with --organization): ")
                .doesNotContain("Exception", "\tat ");
            assertThat(Cli.raw("templates", "check", templates.toString(), "--credential", "sms").err())
                .contains("--credential: 'sms' is not a kind of credential: use password or tap.");
        }
    }
}
