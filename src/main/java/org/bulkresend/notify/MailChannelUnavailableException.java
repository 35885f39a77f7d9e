package org.bulkresend.notify;

import org.bulkresend.BulkResendException;

/** The mail channel cannot take messages at all; the message is meant for the admin. */
public class MailChannelUnavailableException extends BulkResendException {

    public MailChannelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.STOPPED;
    }
}
