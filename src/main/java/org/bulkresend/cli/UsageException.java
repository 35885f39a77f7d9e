package org.bulkresend.cli;

/** A mistake in how a command was called or set up; shown as one line, exit code 2. */
class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
