package org.bulkresend.cli;

import org.bulkresend.BulkResendException;

/** A mistake in how a command was called or set up; shown as one line, exit code 2. */
class UsageException extends BulkResendException {

    UsageException(String message) {
        super(message, null);
    }

    @Override
    public Kind kind() {
        return Kind.REFUSED;
    }
}
