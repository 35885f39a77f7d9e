package org.bulkresend.directory;

/**
 * The directory cannot be reached, or keeps refusing to answer for now (throttling past every
 * retry, a network failure, its service down). Nothing about the users is known to be wrong: the
 * run stops and the same command continues it later. The message is meant for the admin.
 */
public class DirectoryUnavailableException extends RuntimeException {

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
