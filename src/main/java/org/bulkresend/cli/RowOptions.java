package org.bulkresend.cli;

import picocli.CommandLine.Option;

/** How the rows of an input file are taken: the options 'run' and 'watch' share. */
class RowOptions {

    @Option(names = "--use-supplied-passwords",
            description = "Use the creation passwords of an Entra 'Bulk create users' template instead of "
                    + "generating new ones (they were written into a spreadsheet: by default they are not reused).")
    boolean useSuppliedPasswords;

    @Option(names = "--max-invalid-percent", paramLabel = "PERCENT", defaultValue = "50",
            description = "Refuse the whole file, before anything changes, if more than this share of its rows "
                    + "are invalid (probably the wrong file). 0 to 100. Default: ${DEFAULT-VALUE}.")
    int maxInvalidPercent;

    void check() {
        if (this.maxInvalidPercent < 0 || this.maxInvalidPercent > 100) {
            throw new UsageException("--max-invalid-percent must be between 0 and 100, was " + this.maxInvalidPercent
                    + ".");
        }
    }
}
