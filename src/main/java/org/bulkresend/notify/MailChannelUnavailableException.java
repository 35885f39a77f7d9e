package org.bulkresend.notify;

/** The mail channel cannot take messages at all; the message is meant for the admin. */
public class MailChannelUnavailableException extends RuntimeException {

    public MailChannelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
