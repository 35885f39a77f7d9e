package org.bulkresend.run;

import java.nio.file.Path;

import org.bulkresend.credential.CredentialKind;

/**
 * What the admin asked a run to do.
 *
 * @param report where to write the report, or null for a new file under the out folder
 * @param rerun process the file again as a new run, and reset users an earlier run notified
 * @param useSuppliedPasswords use a template's creation passwords instead of generating
 * @param maxInvalidPercent refuse the file if more than this share of its rows are invalid
 * @param operator the signed-in operator the run acts for
 * @param credential what a new run gives its users, or null for the setting ({@code --credential})
 */
public record RunRequest(Path input, Path report, boolean rerun, boolean useSuppliedPasswords,
        int maxInvalidPercent, String operator, CredentialKind credential) {

    public static final int DEFAULT_MAX_INVALID_PERCENT = 50;

    /** A run that gives what the settings say. */
    public RunRequest(Path input, Path report, boolean rerun, boolean useSuppliedPasswords, int maxInvalidPercent,
            String operator) {
        this(input, report, rerun, useSuppliedPasswords, maxInvalidPercent, operator, null);
    }
}
