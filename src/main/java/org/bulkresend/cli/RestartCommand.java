package org.bulkresend.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.bulkresend.run.ResendRunner;
import org.bulkresend.run.RunOutcome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
    SignedInRun signedIn;

    @Mixin
    PlanConfirmation plan;

    @Override
    public Integer call() {
        return this.signedIn.run(RunCommand.reportFiles(this.report), (session, operator) -> {
            ProgressDisplay.install(session, this.signedIn.quiet());
            ResendRunner runner = session.bean(ResendRunner.class);
            RunOutcome outcome;
            try (GracefulStop stop = GracefulStop.install(runner, this.signedIn.command.commandLine().getErr())) {
                outcome = runner.restart(this.executionId, this.report, operator.userPrincipalName(),
                        this.plan.confirmation(session, this.signedIn.command));
            }
            return BulkResendCli.finish(this.signedIn.command, outcome, session);
        });
    }
}
