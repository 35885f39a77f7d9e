package org.bulkresend.access;

/** The operator may not use bulk-resend now; the message is one line for the admin. Nothing changed. */
public class OperatorRefusedException extends RuntimeException {

    public OperatorRefusedException(String message) {
        super(message);
    }
}
