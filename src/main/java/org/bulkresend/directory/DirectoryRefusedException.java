package org.bulkresend.directory;

import org.bulkresend.BulkResendException;

/**
 * The directory refuses to work with this tool as it is set up: wrong credentials, an unknown
 * tenant or app, or a permission the app was not granted. Waiting does not help; the admin must
 * change the set-up. The message is meant for the admin and names what to change.
 */
public class DirectoryRefusedException extends BulkResendException {

    public DirectoryRefusedException(String message) {
        super(message, null);
    }

    @Override
    public Kind kind() {
        return Kind.REFUSED;
    }
}
