package org.bulkresend.directory;

import org.bulkresend.BulkResendException;

/**
 * The directory cannot be reached, or keeps refusing to answer for now (throttling past every
 * retry, a network failure, its service down). Nothing about the users is known to be wrong: the
 * run stops and the same command continues it later. The message is meant for the admin.
 */
public class DirectoryUnavailableException extends BulkResendException {

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.STOPPED;
    }
}
