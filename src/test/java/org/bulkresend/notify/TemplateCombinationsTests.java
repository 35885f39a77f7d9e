package org.bulkresend.notify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Header;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.bulkresend.password.Secret;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Mails;
import org.bulkresend.tenant.Cloud;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A message must carry the password whatever the run leaves out: a template set that shows it
 * only with an expiry, or only with a helpdesk, is refused before anything changes, and names
 * the file, the language and the case that loses it. The subject never carries it, and stays
 * one line.
 */
class TemplateCombinationsTests {

    /** en/message.txt that shows the password only when the run sets an expiry. */
    static final String PASSWORD_ONLY_WITH_EXPIRY = """
            Hello [(${displayName})],
            [# th:if="${expiresAt}"]
            Your temporary password, until [(${expiresAt})]:

                [[${password}]]
            [/]
            Sign in at [(${signInUrl})] and choose your own password.
            """;

    static Path write(Path folder, String language, String name, String text) throws Exception {
        Path file = Files.createDirectories(folder.resolve(language)).resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Through the real command line: templates check, and a run. */
    @Nested
    class CommandLine {

        @RegisterExtension
        BulkResendFixture fixture = BulkResendFixture.withContoso();

        @Test
        void templatesCheckRefusesAPasswordShownOnlyWithAnExpiryAndNamesTheFileAndTheCase() throws Exception {
            Path templates = this.fixture.work().resolve("templates");
            Path file = write(templates, "en", "message.txt", PASSWORD_ONLY_WITH_EXPIRY);

            Cli.Result checked = Cli.raw("templates", "check", templates.toString());

            assertThat(checked.exitCode()).as(checked.toString()).isEqualTo(2);
            assertThat(checked.err()).contains("The template " + file + " does not show the password when the en "
                    + "message has no expiry (a run without --temp-password-ttl): ")
                .contains("Nothing was changed.")
                .doesNotContain("Exception", "\tat ");
        }

        @Test
        void templatesCheckRefusesASubjectWithThePassword() throws Exception {
            Path templates = this.fixture.work().resolve("templates");
            Path file = write(templates, "sv", "subject.txt", "Ditt lösenord: [(${password})]\n");

            Cli.Result checked = Cli.raw("templates", "check", templates.toString());

            assertThat(checked.exitCode()).as(checked.toString()).isEqualTo(2);
            assertThat(checked.err()).contains("The template " + file + " puts the password in the subject, where mail "
                    + "logs and lock screens show it: keep it in the message. Nothing was changed.");
        }

        @Test
        void templatesCheckAcceptsTheExportedBuiltInTemplates() {
            Path templates = this.fixture.work().resolve("exported");
            assertThat(Cli.raw("templates", "export", templates.toString()).exitCode()).isZero();

            Cli.Result checked = Cli.raw("templates", "check", templates.toString());

            assertThat(checked.exitCode()).as(checked.toString()).isZero();
            assertThat(checked.out()).contains("Your templates (36)");
        }

        @Test
        void aRunWithoutExpiryAndThoseTemplatesStopsBeforeAnythingChanges() throws Exception {
            Path templates = this.fixture.work().resolve("templates");
            Path file = write(templates, "en", "message.txt", PASSWORD_ONLY_WITH_EXPIRY);
            List<Map<String, Object>> passwordsBefore = this.fixture.database()
                .query("SELECT UPN_KEY, PASSWORD_HASH, MUST_CHANGE_PASSWORD FROM DIRECTORY_USER ORDER BY UPN_KEY");

            Cli.Result result = this.fixture.run(this.fixture.input(), "--templates", templates.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains("The template " + file + " does not show the password when the en "
                    + "message has no expiry (a run without --temp-password-ttl): ")
                .contains("Nothing was changed.")
                .doesNotContain("Exception", "\tat ");
            assertThat(this.fixture.received()).as("no message").isEmpty();
            Cli.Result status = this.fixture.cli().run("status");
            assertThat(status.out()).as(status.toString()).contains("No runs yet.");
            assertThat(this.fixture.database()
                .query("SELECT UPN_KEY, PASSWORD_HASH, MUST_CHANGE_PASSWORD FROM DIRECTORY_USER ORDER BY UPN_KEY"))
                .as("nobody's password changed").isEqualTo(passwordsBefore);
        }

        @Test
        void aRunWithThePasswordInEveryBranchTellsEachUserTheirPassword() throws Exception {
            Path templates = this.fixture.work().resolve("templates");
            write(templates, "en", "message.txt", """
                    Hello [(${displayName})],
                    [# th:if="${expiresAt}"]
                    Your temporary password, until [(${expiresAt})]:

                        [(${password})]
                    [/][# th:unless="${expiresAt}"]
                    Your temporary password:

                        [(${password})]
                    [/]
                    """);
            Path input = Files.writeString(this.fixture.work().resolve("two.csv"), """
                    userPrincipalName,alternateEmail
                    grady.archie@contoso.example,grady.archie@example.net
                    giulia.rossi@contoso.example,giulia.rossi@example.org
                    """);

            Cli.Result result = this.fixture.run(input, "--templates", templates.toString());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(this.fixture.received()).hasSize(2);
            for (MimeMessage message : this.fixture.received()) {
                assertThat(this.fixture.database().passwordMatches(Mails.account(message), Mails.password(message))).isTrue();
            }
        }
    }

    /** {@link MessageTemplates#check()} on the admin's folder, case by case. */
    @Nested
    class Check {

        @TempDir
        Path folder;

        void assertRefused(String message) {
            assertThatExceptionOfType(TemplateRejectedException.class)
                .isThrownBy(() -> new MessageTemplates(this.folder, "en").check())
                .withMessage(message);
        }

        @Test
        void aPasswordShownOnlyWithoutAnExpiryIsRefused() throws Exception {
            Path file = write(this.folder, "fr", "message.txt",
                    "Bonjour,\n[# th:unless=\"${expiresAt}\"]\n    [(${password})]\n[/]\n");

            assertRefused("The template " + file + " does not show the password when the fr message has an expiry "
                    + "(a run with --temp-password-ttl): its users would be reset and told no password. Show "
                    + "[(${password})] outside th:if and th:unless, or in each case. Nothing was changed.");
        }

        @Test
        void aPasswordShownOnlyWithAHelpdeskInTheHtmlPartIsRefused() throws Exception {
            Path file = write(this.folder, "sv", "message.html",
                    "<p>Hej!</p><p th:if=\"${helpdesk}\">Lösenord: <code th:text=\"${password}\">x</code></p>");

            assertRefused("The template " + file + " does not show the password when the sv message has no helpdesk "
                    + "(a run without --helpdesk): its users would be reset and told no password. Show an element "
                    + "with th:text=\"${password}\" outside th:if and th:unless, or in each case. Nothing was "
                    + "changed.");
        }

        @Test
        void aPasswordShownOnlyWithBothValuesIsRefusedNamingEachCaseThatLosesIt() throws Exception {
            Path file = write(this.folder, "en", "message.txt",
                    "[# th:if=\"${expiresAt != null and helpdesk != null}\"][(${password})][/]\n");

            assertRefused("The template " + file + " does not show the password when the en message has an expiry and "
                    + "no helpdesk and an organisation (a run with --temp-password-ttl, without --helpdesk, with "
                    + "--organization), or an expiry and no helpdesk and no organisation (a run with "
                    + "--temp-password-ttl, without --helpdesk, without --organization), or no expiry and a helpdesk "
                    + "and an organisation (a run without --temp-password-ttl, with --helpdesk, with --organization), "
                    + "or no expiry and a helpdesk and no organisation (a run without --temp-password-ttl, with "
                    + "--helpdesk, without --organization), or no expiry and no helpdesk and an organisation (a run "
                    + "without --temp-password-ttl, without --helpdesk, with --organization), or no expiry and no "
                    + "helpdesk and no organisation (a run without --temp-password-ttl, without --helpdesk, without "
                    + "--organization): its users would be reset and told no password. Show [(${password})] outside "
                    + "th:if and th:unless, or in each case. Nothing was changed.");
        }

        @Test
        void aPasswordInEveryBranchIsAccepted() throws Exception {
            write(this.folder, "en", "message.txt", """
                    [# th:if="${expiresAt}"]Until [(${expiresAt})]: [(${password})][/]
                    [# th:unless="${expiresAt}"]Your password: [(${password})][/]
                    [(${helpdesk} ?: 'your IT helpdesk')]
                    """);
            write(this.folder, "en", "message.html", """
                    <p th:if="${helpdesk}">Ask <span th:text="${helpdesk}">x</span> about
                      <code th:text="${password}">x</code></p>
                    <p th:unless="${helpdesk}"><code th:text="${password}">x</code></p>
                    """);

            new MessageTemplates(this.folder, "en").check();
        }

        @Test
        void aTextPartThatEscapesThePasswordIsRefused() throws Exception {
            // In text mode [[...]] escapes for HTML all the same: a password with & would read &amp;.
            Path file = write(this.folder, "en", "message.txt", "Hello,\n\n    [[${password}]]\n");

            assertRefused("The template " + file + " shows the password HTML-escaped, as [[${password}]] does in a "
                    + "text file: a password with & in it would read &amp;. Write [(${password})] instead. Nothing was "
                    + "changed.");
        }

        @Test
        void anEscapingTextPartIsRefusedInEveryCaseWhateverSampleCredentialTheCheckDraws() throws Exception {
            // The check draws a new sample credential for each case; none may slip through escaped.
            write(this.folder, "en", "message.txt", "Hello,\n\n    [[${password}]]\n");
            MessageTemplates templates = new MessageTemplates(this.folder, "en");

            for (int check = 0; check < 2_000; check++) {
                assertThatExceptionOfType(TemplateRejectedException.class).isThrownBy(templates::check)
                    .withMessageContaining("shows the password HTML-escaped, as [[${password}]] does");
            }
        }

        @Test
        void aTemplateThatPrintsAFixedPasswordIsRefused() throws Exception {
            // The sample password the check used to render with: a template that prints it, or any
            // other fixed text, must not pass for one that shows the user's password.
            Path file = write(this.folder, "it", "message.txt", "Ciao,\n\n    Sample7Temporary9Word\n");

            assertRefused("The template " + file + " does not show the password: add [(${password})] where it goes. "
                    + "Nothing was changed.");
        }

        @Test
        void aTemplateThatFailsOnlyWithoutAHelpdeskIsRefusedWithTheCase() throws Exception {
            Path file = write(this.folder, "ja", "message.txt",
                    "[(${password})]\n[(${helpdesk.toUpperCase()})]\n");

            assertThatExceptionOfType(TemplateRejectedException.class)
                .isThrownBy(() -> new MessageTemplates(this.folder, "en").check())
                .withMessageStartingWith("The template " + file + " cannot be rendered when the ja message has no "
                        + "helpdesk (a run without --helpdesk): ")
                .withMessageEndingWith("Nothing was changed.");
        }

        @Test
        void aSubjectWithThePasswordInAnyCaseIsRefused() throws Exception {
            Path file = write(this.folder, "en", "subject.txt",
                    "Your password[# th:if=\"${helpdesk}\"] is [(${password})][/]\n");

            assertRefused("The template " + file + " puts the password in the subject when the en message has a "
                    + "helpdesk (a run with --helpdesk), where mail logs and lock "
                    + "screens show it: keep it in the message. Nothing was changed.");
        }

        @Test
        void aSubjectWithPartOfThePasswordIsRefused() throws Exception {
            Path file = write(this.folder, "it", "subject.txt",
                    "La tua password inizia con [(${#strings.toUpperCase(#strings.substring(password, 0, 10))})]\n");

            assertRefused("The template " + file + " puts the password in the subject, where mail logs and lock "
                    + "screens show it: keep it in the message. Nothing was changed.");
        }

        @Test
        void aSubjectOfMoreThanOneLineIsRefused() throws Exception {
            Path file = write(this.folder, "en", "subject.txt", """
                    Your temporary password
                    [# th:if="${helpdesk}"]from [(${helpdesk})][/]
                    """);

            assertRefused("The template " + file + " gives a subject of more than one line when the en message has a "
                    + "helpdesk (a run with --helpdesk): a subject is one line, "
                    + "as mail headers cannot hold line breaks. Nothing was changed.");
        }

        @Test
        void aSubjectEmptyWithoutAHelpdeskIsRefused() throws Exception {
            Path file = write(this.folder, "en", "subject.txt", "[(${helpdesk})]\n");

            assertRefused("The template " + file + " gives an empty subject when the en message has no helpdesk (a run "
                    + "without --helpdesk). Nothing was changed.");
        }
    }

    /**
     * The built-in messages of every language, composed as a run composes them, in every case a
     * run can make: the password is in both parts and in no header, and the subject is one line.
     */
    @Test
    void everyBuiltInMessageCarriesThePasswordInEveryCaseAndNoHeaderDoes() throws Exception {
        String password = "Q8&mT4#vW9!kR2zH";
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
        for (String helpdesk : new String[] { null, "the IT helpdesk at +1 555 0100" }) {
            MessageComposer composer = new MessageComposer(new MessageSettings("helpdesk@contoso.example",
                    Cloud.WORLDWIDE, "https://portal.office.com", helpdesk, ZoneId.of("Europe/Rome")), clock);
            for (Instant expiresAt : new Instant[] { null, Instant.parse("2026-11-29T10:00:00Z") }) {
                for (String language : MessageTemplates.BUILT_IN) {
                    String name = language + ((expiresAt != null) ? " with" : " without") + " expiry, "
                            + ((helpdesk != null) ? "with" : "without") + " helpdesk";
                    MimeMessage message = composer.compose(Session.getInstance(new Properties()),
                            new Notification(2, "jane.doe@contoso.example", "Jane Doe", "jane@example.net",
                                    Secret.of(password), language, expiresAt));
                    assertThat(Mails.password(message)).as(name).isEqualTo(password);
                    assertThat(Mails.html(message)).as(name).contains("Q8&amp;mT4#vW9!kR2zH");
                    for (Header header : Collections.list(message.getAllHeaders())) {
                        assertThat(MimeUtility.decodeText(MimeUtility.unfold(header.getValue()))).as(name)
                            .doesNotContain(password);
                    }
                    assertThat(message.getSubject()).as(name).doesNotContain("\r", "\n").isNotBlank();
                }
            }
        }
    }
}
