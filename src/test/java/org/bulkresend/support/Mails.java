package org.bulkresend.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** Reads messages as a recipient would. */
public final class Mails {

    private Mails() {
    }

    public static String body(MimeMessage message) {
        try {
            return message.getContent().toString();
        }
        catch (IOException | MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The temporary password: the indented line after "Your temporary password:". */
    public static String password(MimeMessage message) {
        String[] lines = body(message).split("\\R");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("Your temporary password:")) {
                for (int j = i + 1; j < lines.length; j++) {
                    if (!lines[j].isBlank()) {
                        return lines[j].strip();
                    }
                }
            }
        }
        throw new IllegalStateException("no password in message:\n" + body(message));
    }

    public static String to(Message message) {
        try {
            return message.getAllRecipients()[0].toString();
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
}
