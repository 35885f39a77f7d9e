package org.bulkresend.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.PassRequest;

/**
 * The part of the settings that starting a run needs: where its report, previews and log go, how
 * long the passwords it sets work, how many rows a dry run checks at once, and who gets each run's
 * summary.
 *
 * @param reports the folder of the reports a run names for itself
 * @param previews the folder of the dry runs' previews
 * @param logFile the log a failed run points the admin to
 * @param passwordTtl how long a temporary password works, or null for as long as the directory keeps it
 * @param chunkSize the rows checked and previewed at once by a dry run
 * @param summaryTo who gets the summary of each run, or empty for nobody
 * @param credential what a new run gives its users ({@code --credential}), or null if not asked, for
 * a password; a run that is continued gives what it started with
 * @param passes the Temporary Access Passes a new run asks for
 */
public record RunnerSettings(Path reports, Path previews, Path logFile, Duration passwordTtl, int chunkSize,
        List<String> summaryTo, CredentialKind credential, PassRequest passes) {

    public RunnerSettings {
        summaryTo = List.copyOf(summaryTo);
        passes = (passes != null) ? passes : PassRequest.POLICY_DEFAULTS;
    }

    /** What a new run gives its users. */
    public CredentialKind newRunCredential() {
        return (this.credential != null) ? this.credential : CredentialKind.PASSWORD;
    }
}
