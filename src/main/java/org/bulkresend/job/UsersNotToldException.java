package org.bulkresend.job;

/**
 * Some users were reset but their message was not accepted. The run is not finished: running
 * the same command again gives each of them a fresh password and a fresh message.
 */
class UsersNotToldException extends RuntimeException {

    UsersNotToldException(String message) {
        super(message);
    }
}
