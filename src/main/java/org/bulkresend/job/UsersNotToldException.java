package org.bulkresend.job;

import org.bulkresend.BulkResendException;

/**
 * Some users were reset but their message was not accepted. The run is not finished: running
 * the same command again gives each of them a fresh password and a fresh message.
 */
class UsersNotToldException extends BulkResendException {

    UsersNotToldException(String message) {
        super(message, null);
    }

    @Override
    public Kind kind() {
        return Kind.STOPPED;
    }
}
