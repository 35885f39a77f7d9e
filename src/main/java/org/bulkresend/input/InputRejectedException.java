package org.bulkresend.input;

/**
 * The input file cannot be used at all. The message is written for the admin: it says what is
 * wrong and what to do, and is shown as it is, without a stack trace.
 */
public class InputRejectedException extends RuntimeException {

    public InputRejectedException(String message) {
        super(message);
    }

    public InputRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
