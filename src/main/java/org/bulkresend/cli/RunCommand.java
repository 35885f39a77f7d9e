package org.bulkresend.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.bulkresend.job.ResendRunner;
import org.bulkresend.job.RunOutcome;
import org.bulkresend.notify.MailChannel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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

    @Option(names = "--rerun",
            description = "Process the file again as a new run even if it was processed before, and reset users "
                    + "that an earlier run already notified.")
    boolean rerun;

    @Mixin
    DataOptions data;

    @Mixin
    JobOptions job;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> args = this.data.springArgs();
        this.job.addTo(args);
        args.addAll(BulkResendCli.passthrough(this.spec));
        try (SpringSession session = SpringSession.start(this.data.dataDir(), args)) {
            RunOutcome outcome = session.bean(ResendRunner.class).run(this.input, this.report, this.rerun);
            return BulkResendCli.finish(this.spec, outcome, session.bean(MailChannel.class));
        }
    }
}
