package org.bulkresend.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.bulkresend.report.ReportWriter;
import org.bulkresend.run.DryRunner;
import org.bulkresend.run.ResendRunner;
import org.bulkresend.run.RunOutcome;
import org.bulkresend.run.RunRequest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
        description = { "Reset and notify every user in a CSV file.",
                "Running the same file again does nothing (it says when it was processed); a run that failed, "
                        + "was stopped or was killed continues where it stopped." })
class RunCommand implements Callable<Integer> {

    @Option(names = { "-i", "--input" }, paramLabel = "FILE", required = true,
            description = "CSV of users to reset: a userPrincipalName column, optionally alternateEmail, "
                    + "displayName, preferredLanguage, password.")
    Path input;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Where to write the result report. Default: <out-dir>/reports/<input>-<time>-report.csv.")
    Path report;

    @Option(names = "--dry-run",
            description = "Do everything but reset and send: check the file and the mail server, look every user "
                    + "up, write each message into <out-dir>/preview/ with a placeholder for the password, and write "
                    + "the report (PREVIEWED, or the rejection each row would get). Changes nothing.")
    boolean dryRun;

    @Option(names = "--rerun",
            description = "Process the file again as a new run even if it was processed before, and reset users "
                    + "that an earlier run already notified.")
    boolean rerun;

    @Mixin
    RowOptions rows;

    @Mixin
    SignedInRun signedIn;

    @Mixin
    PlanConfirmation plan;

    @Override
    public Integer call() {
        this.rows.check();
        return this.signedIn.run(reportFiles(this.report), (session, operator) -> {
            RunRequest request = new RunRequest(this.input, this.report, this.rerun, this.rows.useSuppliedPasswords,
                    this.rows.maxInvalidPercent, operator.userPrincipalName());
            RunOutcome outcome;
            if (this.dryRun) {
                outcome = session.bean(DryRunner.class).preview(request);
            }
            else {
                ProgressDisplay.install(session, this.signedIn.quiet());
                ResendRunner runner = session.bean(ResendRunner.class);
                try (GracefulStop stop = GracefulStop.install(runner, this.signedIn.command.commandLine().getErr())) {
                    outcome = runner.run(request, this.plan.confirmation(session, this.signedIn.command));
                }
            }
            return BulkResendCli.finish(this.signedIn.command, outcome, session);
        });
    }

    /** The files a {@code --report FILE} writes: the CSV and the HTML page beside it; none without it. */
    static Path[] reportFiles(Path report) {
        return (report != null) ? new Path[] { report, ReportWriter.htmlBeside(report) } : new Path[0];
    }
}
