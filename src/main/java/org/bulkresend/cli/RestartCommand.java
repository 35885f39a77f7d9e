package org.bulkresend.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.bulkresend.run.ResendRunner;
import org.bulkresend.run.RunOutcome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "restart", mixinStandardHelpOptions = true, sortOptions = false,
        description = { "Continue the latest failed, stopped or interrupted run (or the given execution) where it "
                + "stopped. Users already told are not touched; users reset but not told get a fresh password and a "
                + "fresh message.", "Running the same 'run' command again does the same." })
class RestartCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EXECUTION_ID", arity = "0..1",
            description = "The execution to continue ('status' lists them). Default: the latest unfinished run.")
    Long executionId;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the report here instead of where the run "
            + "first meant to.")
    Path report;

    @Mixin
    RunSettings settings;

    @Mixin
    OperatorOptions operator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (SpringSession session = this.settings.start(this.spec)) {
            session.requireRealOutputFolders(RunCommand.reportFiles(this.report));
            String operator = this.operator.signIn(session).userPrincipalName();
            ProgressDisplay.install(session, this.settings.quiet());
            ResendRunner runner = session.bean(ResendRunner.class);
            RunOutcome outcome;
            try (GracefulStop stop = GracefulStop.install(runner, this.spec.commandLine().getErr())) {
                outcome = runner.restart(this.executionId, this.report, operator);
            }
            return BulkResendCli.finish(this.spec, outcome, session);
        }
    }
}
