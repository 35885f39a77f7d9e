package org.bulkresend.notify;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.password.Secret;
import org.bulkresend.support.Mails;
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
            assertThat(message.getContentType()).contains("charset=UTF-8");
        }

        @Test
        void aDisplayNameCannotInjectHeadersOrParagraphs() throws Exception {
            MimeMessage message = compose("Eve\r\nBcc: attacker@example.com\r\n\r\nClick here");

            assertThat(message.getHeader("Bcc")).isNull();
            assertThat(message.getAllRecipients()).containsExactly(new InternetAddress("jane@example.net"));
            assertThat(Mails.body(message)).contains("Hello Eve Bcc: attacker@example.com Click here,");
        }

        @Test
        void everyMessageHasItsOwnId() throws Exception {
            assertThat(compose("A").getMessageID()).isNotEqualTo(compose("A").getMessageID());
        }
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
