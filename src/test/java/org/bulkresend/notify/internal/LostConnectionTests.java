package org.bulkresend.notify.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.Delivery.Outcome;
import org.bulkresend.notify.Notification;
import org.bulkresend.password.Secret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A server that closes the connection instead of answering {@code MAIL FROM} (it went down, or
 * dropped the connection between two messages) has not refused the sender: the message did not go
 * and is sent again, as for any dropped connection.
 */
class LostConnectionTests {

    @Test
    void aConnectionClosedInsteadOfAnsweringMailFromIsAFailureToRetryNotARefusedSender() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> greetThenCloseAtMailFrom(server), "smtp-closing-at-mail-from");
            answering.setDaemon(true);
            answering.start();
            Properties settings = new Properties();
            settings.setProperty("mail.smtp.host", "127.0.0.1");
            settings.setProperty("mail.smtp.port", String.valueOf(server.getLocalPort()));
            settings.setProperty("mail.smtp.connectiontimeout", "5000");
            settings.setProperty("mail.smtp.timeout", "5000");
            Session session = Session.getInstance(settings);
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress("helpdesk@contoso.example"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("a@example.net"));
            message.setSubject("Your account a@contoso.example");
            message.setText("Hello");

            Transport transport = session.getTransport("smtp");
            transport.connect();
            MessagingException failure = catchThrowableOfType(MessagingException.class,
                    () -> transport.sendMessage(message, message.getAllRecipients()));
            assertThat(transport.isConnected()).as("the library knows the connection is gone").isFalse();
            assertThat(failure).as("the mail library's own account of it").isNotNull();

            Delivery delivery = SmtpMailChannel.classify(
                    new Notification(1, "a@contoso.example", "A", "a@example.net", Secret.of("x")), "<id>", failure);

            assertThat(delivery.outcome()).as(delivery.detail()).isEqualTo(Outcome.FAILED);
            assertThat(delivery.detail()).contains("closed the connection").doesNotContain("refused the sender");
        }
    }

    private static void greetThenCloseAtMailFrom(ServerSocket server) {
        try (Socket client = server.accept();
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = client.getOutputStream();
            out.write("220 mail.contoso.example ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.toUpperCase().startsWith("MAIL FROM")) {
                    return; // closes the connection without a word
                }
                out.write("250 mail.contoso.example\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
        catch (IOException ex) {
            // the client went away first
        }
    }
}
