package org.bulkresend.storage;

import org.bulkresend.BulkResendException;

/**
 * The data directory's device could not keep what bulk-resend records (no space left, read-only,
 * failing), or is about to run out: the command stopped before anyone was told a password that
 * might not be stored. The message is one line meant for the admin, naming the path, the cause and
 * the remedy, without a final period: whoever reports it adds how to continue. It carries no cause
 * of its own, so that whoever reports the root cause reports this message.
 */
public class StorageFailedException extends BulkResendException {

    public StorageFailedException(String message) {
        super(message, null);
    }

    /** The storage failure behind {@code failure} (itself or one of its causes), or null if it is another failure. */
    public static StorageFailedException findIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StorageFailedException storage) {
                return storage;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (suppressed instanceof StorageFailedException storage) {
                    return storage;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    @Override
    public Kind kind() {
        return Kind.STOPPED;
    }
}
