package org.bulkresend.notify;

import org.bulkresend.BulkResendException;

/** The mail settings cannot work; found before anything changes. The message is meant for the admin. */
public class MailSettingsException extends BulkResendException {

    public MailSettingsException(String message) {
        super(message, null);
    }

    @Override
    public Kind kind() {
        return Kind.REFUSED;
    }
}
