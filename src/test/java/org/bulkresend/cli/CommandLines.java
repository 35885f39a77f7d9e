package org.bulkresend.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.ParseResult;

/**
 * The real command tree, for tests that check a command line written down elsewhere (a systemd unit, a
 * Kubernetes manifest) without running it.
 */
public final class CommandLines {

    private CommandLines() {
    }

    /**
     * Parses the arguments as bulk-resend does and returns the command they name ({@code [directory, list]});
     * an unknown command or option, a missing value or a missing required option throws picocli's
     * {@code ParameterException}, as the command line would refuse it with exit code 2.
     */
    public static List<String> parse(List<String> args) {
        PrintWriter nowhere = new PrintWriter(new StringWriter());
        ParseResult result = BulkResendCli.commandLine(List.of(), nowhere, nowhere).parseArgs(args.toArray(String[]::new));
        List<String> command = new ArrayList<>();
        for (ParseResult sub = result.subcommand(); sub != null; sub = sub.subcommand()) {
            command.add(sub.commandSpec().name());
        }
        return command;
    }
}
