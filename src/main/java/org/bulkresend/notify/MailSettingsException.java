package org.bulkresend.notify;

/** The mail settings cannot work; found before anything changes. The message is meant for the admin. */
public class MailSettingsException extends RuntimeException {

    public MailSettingsException(String message) {
        super(message);
    }
}
