package org.bulkresend.notify.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.Delivery.Outcome;
import org.bulkresend.notify.Notification;
import org.bulkresend.password.Secret;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** An SMTP reply decides whether a user ends NOTIFY_REJECTED (final) or RESET_NOT_NOTIFIED (redone). */
class SmtpReplyTests {

    Notification notification = new Notification(1, "a@contoso.example", "A", "a@example.net", Secret.of("x"));

    @Test
    void aPermanentRecipientRefusalIsFinal() throws Exception {
        Exception failure = new jakarta.mail.SendFailedException("Invalid Addresses",
                new SMTPAddressFailedException(new InternetAddress("a@example.net"), "RCPT TO", 550,
                        "550 5.1.1 <a@example.net>: Recipient address rejected: User unknown"));

        Delivery delivery = SmtpMailChannel.classify(this.notification, "<id>",
                failure);

        assertThat(delivery.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(delivery.detail()).contains("550 5.1.1", "User unknown");
    }

    @ParameterizedTest
    @ValueSource(ints = { 421, 450, 452 })
    void aTemporaryRefusalOfOneRecipientIsDeferred(int code) throws Exception {
        Exception failure = new SMTPAddressFailedException(new InternetAddress("a@example.net"), "RCPT TO", code,
                code + " 4.2.2 mailbox full, try later");

        assertThat(SmtpMailChannel.classify(this.notification, "<id>", failure)
            .outcome()).isEqualTo(Outcome.DEFERRED);
    }

    @Test
    void aDroppedConnectionIsRetryable() {
        Exception failure = new MessagingException("Exception reading response",
                new java.net.SocketException("Connection reset"));

        Delivery delivery = SmtpMailChannel.classify(this.notification, "<id>",
                failure);

        assertThat(delivery.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(delivery.detail()).contains("Connection reset");
    }
}
