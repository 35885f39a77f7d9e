package org.bulkresend.directory;

import java.util.function.Supplier;

import org.bulkresend.BulkResendException;

/**
 * One thing {@code check} found about a directory, by a harmless read: whether it works, what was
 * found, and for a failure what to do.
 *
 * @param check what was checked ("directory sign-in", "directory permissions")
 * @param ok whether a run would get past it
 * @param detail what was found, in words
 * @param todo what to do about a failure, or null when it works
 */
public record AccessCheck(String check, boolean ok, String detail, String todo) {

    public static AccessCheck passed(String check, String detail) {
        return new AccessCheck(check, true, detail, null);
    }

    public static AccessCheck failed(String check, String detail, String todo) {
        return new AccessCheck(check, false, detail, todo);
    }

    /**
     * Makes a read that changes nothing: passed with what it found, or failed with the directory's
     * own words and what to do.
     */
    public static AccessCheck attempt(String check, Supplier<String> read, String todo) {
        try {
            return passed(check, read.get());
        }
        catch (BulkResendException ex) {
            return failed(check, ex.getMessage(), todo);
        }
    }
}
