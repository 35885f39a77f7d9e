package org.bulkresend.instance;

import java.util.Collection;

/**
 * The hold an instance has on the run of a file while it runs it. A run is known by its file's
 * content (SHA-256), so two instances given copies of the same file in different folders still
 * ask for the same hold.
 */
public interface RunLocks {

    /**
     * Holds the run of a file with this content until the hold is closed.
     *
     * @throws RunHeldElsewhereException if another instance holds it
     */
    Hold hold(String sha256);

    /**
     * Says, before each chunk changes anything, that this instance still holds the run.
     *
     * @throws RunHoldLostException if it does not (its connection to the database ended)
     */
    void confirm(String sha256);

    /**
     * Holds these users while one chunk resets and tells them, waiting while another instance holds
     * any of them: two files run at once by two instances may name the same user, and the second
     * must see that the first told them before it decides to reset them.
     *
     * @param userKeys the chunk's users, as the ledger keys them
     * @throws RunHoldLostException if the database stops answering while this instance waits
     */
    Hold holdUsers(Collection<String> userKeys);

    /** A hold on one run, or on a chunk's users; closing it lets another instance have them. */
    interface Hold extends AutoCloseable {

        @Override
        void close();

    }

    /**
     * The embedded database: the data directory's lock already makes this process the only one
     * that uses it, so every run is this process's own.
     */
    static RunLocks oneProcess() {
        return new RunLocks() {

            @Override
            public Hold hold(String sha256) {
                return () -> {
                };
            }

            @Override
            public void confirm(String sha256) {
                // nobody else can hold it
            }

            @Override
            public Hold holdUsers(Collection<String> userKeys) {
                return () -> {
                };
            }
        };
    }
}
