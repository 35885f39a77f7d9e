package org.bulkresend.access;

import org.bulkresend.BulkResendException;

/** The operator may not use bulk-resend now; the message is one line for the admin. Nothing changed. */
public class OperatorRefusedException extends BulkResendException {

    public OperatorRefusedException(String message) {
        super(message, null);
    }

    @Override
    public Kind kind() {
        return Kind.REFUSED;
    }
}
