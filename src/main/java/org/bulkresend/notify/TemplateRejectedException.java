package org.bulkresend.notify;

import org.bulkresend.BulkResendException;

/**
 * A message template given with {@code --templates}, or the default language, cannot be used.
 * The message names the file and what is wrong with it, for the admin, without a stack trace.
 */
public class TemplateRejectedException extends BulkResendException {

    public TemplateRejectedException(String message) {
        super(message, null);
    }

    @Override
    public Kind kind() {
        return Kind.REFUSED;
    }
}
