package org.bulkresend.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.unbescape.html.HtmlEscape;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads messages as a recipient would. */
public final class Mails {

    private static final Pattern CODE = Pattern.compile("<code[^>]*>([^<]*)</code>");

    private static final Pattern ACCOUNT = Pattern.compile("[^\\s<>()（）]+@[A-Za-z0-9.-]+[A-Za-z0-9]");

    private Mails() {
    }

    /** The account a message is about: every language's subject names it. */
    public static String account(MimeMessage message) {
        try {
            Matcher account = ACCOUNT.matcher(message.getSubject());
            if (!account.find()) {
                throw new IllegalStateException("no account in the subject: " + message.getSubject());
            }
            return account.group();
        }
        catch (MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The plain-text part: what a text-only mail client shows. */
    public static String body(Part message) {
        return part(message, "text/plain");
    }

    /** The HTML part, as its source. */
    public static String html(Part message) {
        return part(message, "text/html");
    }

    private static String part(Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
            if (part.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    String found = part(multipart.getBodyPart(i), type);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }
        catch (IOException | MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The temporary password as the plain-text part sets it apart, in every language: the only
     * line indented by four spaces. Checked against the HTML part's monospace element.
     */
    public static String password(MimeMessage message) {
        List<String> found = body(message).lines().filter((line) -> line.matches(" {4}\\S.*")).map(String::strip)
            .toList();
        if (found.size() != 1) {
            throw new IllegalStateException("no single password line in message:\n" + body(message));
        }
        String html = html(message);
        Matcher code = CODE.matcher((html != null) ? html : "");
        if (!code.find() || !HtmlEscape.unescapeHtml(code.group(1)).equals(found.get(0))) {
            throw new IllegalStateException("the HTML part does not show the same password:\n" + html);
        }
        return found.get(0);
    }

    public static String to(Message message) {
        try {
            return ((InternetAddress) message.getAllRecipients()[0]).getAddress();
        }
        catch (MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static MimeMessage parse(Path eml) {
        try (InputStream in = Files.newInputStream(eml)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
        catch (IOException | MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Every message went to a different user and carries the password the directory holds for them,
     * and exactly {@code expected} users were told.
     */
    public static void assertEachToldOnceWithTheirPassword(MimeMessage[] messages, EmbeddedDatabase database,
            int expected) {
        Map<String, MimeMessage> byAccount = new HashMap<>();
        for (MimeMessage message : messages) {
            String account = account(message);
            assertThat(byAccount.put(account, message)).as("%s told once", account).isNull();
            assertThat(database.passwordMatches(account, password(message))).as(account).isTrue();
        }
        assertThat(byAccount).hasSize(expected);
    }

    /**
     * Every message went to a different one of these users of the Active Directory domain, each of
     * them was told, and each message carries the password the domain holds for them: a bind with it
     * is refused only because it must be changed ({@code data 773}).
     */
    public static void assertEachToldOnceWithThePasswordTheDomainHolds(MimeMessage[] messages, SambaDomain domain,
            Collection<String> users) {
        Map<String, MimeMessage> byAccount = new HashMap<>();
        for (MimeMessage message : messages) {
            String account = account(message);
            assertThat(byAccount.put(account, message)).as("%s told once", account).isNull();
            assertThat(domain.bindAnswer(account, password(message)))
                .as("the domain's answer to %s with the password told: right, and to be changed", account)
                .contains("data 773");
        }
        assertThat(byAccount.keySet()).containsExactlyInAnyOrderElementsOf(users);
    }
}
