package org.bulkresend.instance;

import org.bulkresend.BulkResendException;

/** Another instance is running a file with the same content on the same database. */
public class RunHeldElsewhereException extends BulkResendException {

    private final String holder;

    /** @param holder who holds it, in words ("process 4242 on batch-2"), or null if it could not be told */
    public RunHeldElsewhereException(String holder) {
        super("Another bulk-resend instance" + ((holder != null) ? " (" + holder + ")" : "")
                + " is running this file on the same database: one instance at a time runs a file. Wait for it to "
                + "finish; if it has died, running the same command again takes its run over once the database "
                + "has let its connection go. Nothing was changed.", null);
        this.holder = holder;
    }

    /** Who holds the run, or null if the database could not tell. */
    public String holder() {
        return this.holder;
    }

    @Override
    public Kind kind() {
        return Kind.REFUSED;
    }
}
