package org.bulkresend.input;

import org.bulkresend.BulkResendException;

/**
 * The input file cannot be used at all. The message is written for the admin: it says what is
 * wrong and what to do, and is shown as it is, without a stack trace.
 */
public class InputRejectedException extends BulkResendException {

    public InputRejectedException(String message) {
        super(message, null);
    }

    public InputRejectedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.REFUSED;
    }
}
