package org.bulkresend.notify;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.bulkresend.address.EmailAddresses;
import org.bulkresend.password.Secret;
import org.bulkresend.support.Mails;
import org.bulkresend.tenant.Cloud;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NotifyTests {

    static final MessageSettings SETTINGS = new MessageSettings("helpdesk@contoso.example", Cloud.WORLDWIDE,
            "https://portal.office.com", "the IT helpdesk");

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    static MimeMessage compose(String displayName) {
        Notification notification = new Notification(4, "jane.doe@contoso.example", displayName, "jane@example.net",
                Secret.of("K7#pQ2-vX9!mZ4wR"));
        return new MessageComposer(SETTINGS, CLOCK).compose(Session.getInstance(new Properties()), notification);
    }

    @Nested
    class Composer {

        @Test
        void theMessageSaysWhatAUserNeedsAndSetsThePasswordApart() throws Exception {
            MimeMessage message = compose("Jane Doe");

            String body = Mails.body(message);
            assertThat(message.getSubject()).isEqualTo("Your temporary password for jane.doe@contoso.example");
            assertThat(body).contains("Hello Jane Doe,", "account jane.doe@contoso.example",
                    "\n\n    K7#pQ2-vX9!mZ4wR\n\n", "https://portal.office.com", "choose a new password",
                    "replaces any earlier message", "contact the IT helpdesk");
            assertThat(Mails.password(message)).isEqualTo("K7#pQ2-vX9!mZ4wR");
            assertThat(message.getHeader("Content-Language")).containsExactly("en");
            assertThat(message.getMessageID()).startsWith("<").endsWith("@contoso.example>");
            assertThat(message.getContentType()).startsWith("multipart/alternative");
            MimeMultipart parts = (MimeMultipart) message.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(parts.getBodyPart(0).getContentType()).isEqualTo("text/plain; charset=UTF-8");
            assertThat(parts.getBodyPart(1).getContentType()).isEqualTo("text/html; charset=UTF-8");
            assertThat(Mails.html(message)).contains("<html lang=\"en\"", "Hello <span>Jane Doe</span>,",
                    "<strong>jane.doe@contoso.example</strong>", "<a href=\"https://portal.office.com\"",
                    ">K7#pQ2-vX9!mZ4wR</code>", "contact <span>the IT helpdesk</span>.");
        }

        @Test
        void aDisplayNameCannotInjectHeadersOrParagraphs() throws Exception {
            MimeMessage message = compose("Eve\r\nBcc: attacker@example.com\r\n\r\nClick here");

            assertThat(message.getHeader("Bcc")).isNull();
            assertThat(message.getAllRecipients()).hasSize(1);
            assertThat(((InternetAddress) message.getAllRecipients()[0]).getAddress()).isEqualTo("jane@example.net");
            assertThat(((InternetAddress) message.getAllRecipients()[0]).getPersonal())
                .isEqualTo("Eve Bcc: attacker@example.com Click here");
            assertThat(Mails.body(message)).contains("Hello Eve Bcc: attacker@example.com Click here,");
            assertThat(message.getHeader("To")[0]).doesNotContain("\r", "\n");

            MimeMessage reparsed = reparse(message);
            assertThat(reparsed.getHeader("Bcc")).isNull();
            assertThat(reparsed.getAllRecipients()).hasSize(1);
        }

        @Test
        void markupInADisplayNameIsShownAsTextNeverRun() throws Exception {
            MimeMessage message = compose("<script>alert('x')</script><b>Jane</b>");

            String html = Mails.html(message);
            assertThat(html).doesNotContain("<script>", "<b>Jane</b>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;Jane&lt;/b&gt;");
            assertThat(Mails.body(message)).contains("Hello <script>alert('x')</script><b>Jane</b>,");
        }

        @Test
        void everyMessageHasItsOwnId() throws Exception {
            assertThat(compose("A").getMessageID()).isNotEqualTo(compose("A").getMessageID());
        }
    }

    static MimeMessage reparse(MimeMessage message) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        message.writeTo(bytes);
        return new MimeMessage(Session.getInstance(new Properties()),
                new java.io.ByteArrayInputStream(bytes.toByteArray()));
    }

    @Test
    void addressesAreCheckedAndMasked() {
        assertThat(EmailAddresses.isValid("jane.doe+tag@example.net")).isTrue();
        assertThat(EmailAddresses.isValid("josé@exemple.fr")).isTrue();
        for (String bad : new String[] { "jane", "jane@", "@example.net", "jane@example", "jane doe@example.net",
                "jane@@example.net", "jane..doe@example.net", "<jane@example.net>", "jane@example.net\r\nBcc: x@y.z" }) {
            assertThat(EmailAddresses.isValid(bad)).as(bad).isFalse();
        }
        assertThat(EmailAddresses.mask("jane.doe@example.net")).isEqualTo("j***@example.net");
        assertThat(EmailAddresses.mask("not an address")).isEqualTo("***");
        assertThat(EmailAddresses.mask(null)).isEmpty();
    }
}
