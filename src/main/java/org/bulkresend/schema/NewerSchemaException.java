package org.bulkresend.schema;

import org.bulkresend.BulkResendException;

/**
 * The data directory was upgraded by a newer release of bulk-resend: this release does not know
 * that release's tables, so it refuses the data directory before changing anything rather than
 * write rows the newer release would misread. Running the newer release again is the remedy; an
 * upgrade cannot be undone.
 */
public class NewerSchemaException extends BulkResendException {

    NewerSchemaException(String newer, String known) {
        super("This data directory was upgraded by a newer release of bulk-resend (its database is at version "
                + newer + "; this release knows versions up to " + known
                + "). Run the newer release, or one after it, on this data directory", null);
    }

    @Override
    public Kind kind() {
        return Kind.REFUSED;
    }
}
