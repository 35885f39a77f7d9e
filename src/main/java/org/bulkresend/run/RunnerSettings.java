package org.bulkresend.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
 */
public record RunnerSettings(Path reports, Path previews, Path logFile, Duration passwordTtl, int chunkSize,
        List<String> summaryTo) {

    public RunnerSettings {
        summaryTo = List.copyOf(summaryTo);
    }
}
