package org.bulkresend.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bulkresend.BulkResendException;
import org.bulkresend.directory.Directory;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MailRoutes;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.run.RunOutcome;
import org.bulkresend.run.RunOutcome.Kind;
import org.bulkresend.settings.BulkResendProperties;
import org.bulkresend.storage.StorageFailedException;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The command line. Options are parsed before Spring starts (so {@code --help} and usage
 * errors are instant, and the data directory is known before the database is opened);
 * arguments of the form {@code --spring.*=}, {@code --bulk-resend.*=} or {@code --logging.*=}
 * go to Spring unchanged.
 */
public final class BulkResendCli {

    private static final List<String> SPRING_PREFIXES = List.of("--spring.", "--bulk-resend.", "--logging.");

    private BulkResendCli() {
    }

    public static int execute(String... args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        return execute(args, out, err);
    }

    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        List<String> own = new ArrayList<>();
        List<String> spring = new ArrayList<>();
        for (String arg : args) {
            (SPRING_PREFIXES.stream().anyMatch(arg::startsWith) ? spring : own).add(arg);
        }
        Optional<String> secret = SecretArguments.refusal(args);
        if (secret.isPresent()) {
            err.println("bulk-resend: " + secret.get());
            err.flush();
            return ExitCodes.USAGE;
        }
        CommandLine commandLine = commandLine(spring, out, err);
        try {
            return commandLine.execute(own.toArray(String[]::new));
        }
        catch (Throwable fatal) {
            // picocli hands an Error (OutOfMemoryError, StackOverflowError) back: uncaught, the JVM would print a
            // stack trace and exit 1, which a scheduler reads as "finished, some rows need attention".
            return fatal(err, fatal);
        }
        finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * The command tree as every invocation gets it, each command's help with its exit codes (and, for the
     * commands that run the job, its statuses). docs/reference.md is rendered from it.
     */
    static CommandLine commandLine(List<String> springArgs, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new TopCommand(springArgs));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(USAGE_ERROR);
        commandLine.setExecutionExceptionHandler(FAILURE);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        addExitCodesAndVersion(commandLine);
        addStatuses(commandLine.getSubcommands().get("run"));
        addStatuses(commandLine.getSubcommands().get("demo"));
        addStatuses(commandLine.getSubcommands().get("restart"));
        addStatuses(commandLine.getSubcommands().get("watch"));
        return commandLine;
    }

    /** One line and exit code 3 for an error nothing else handled; what was recorded before it stays recorded. */
    public static int fatal(PrintWriter err, Throwable fatal) {
        err.println("bulk-resend: fatal error (" + fatal + "): the command stopped. Users already told stay told; run "
                + "the same command again to continue" + ((fatal instanceof OutOfMemoryError)
                        ? ", with more memory (JAVA_TOOL_OPTIONS=-Xmx...)." : "."));
        err.flush();
        return ExitCodes.FAILED;
    }

    /** Each command's help lists the exit codes that command can end with, and each prints the version. */
    private static void addExitCodesAndVersion(CommandLine commandLine) {
        CommandSpec spec = commandLine.getCommandSpec();
        Map<String, String> codes = new LinkedHashMap<>();
        for (String line : ExitCodes.of(spec.qualifiedName(" ").replaceFirst("^bulk-resend ?", ""))) {
            int colon = line.indexOf(':');
            codes.put(line.substring(0, colon), line.substring(colon + 1));
        }
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        spec.versionProvider(new Version());
        commandLine.getSubcommands().values().forEach(BulkResendCli::addExitCodesAndVersion);
    }

    private static void addStatuses(CommandLine commandLine) {
        List<String> footer = new ArrayList<>();
        footer.add("%nStatuses (every input row ends in one, with its reason, in the report):");
        for (Status status : Status.values()) {
            footer.add(String.format("  %-29s %s", status.name(), status.meaning()));
        }
        commandLine.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
    }

    static List<String> passthrough(CommandSpec spec) {
        return ((TopCommand) spec.root().userObject()).springArgs;
    }

    /** The settings of a command that resets or looks users up, from its options, typed. */
    static Map<String, Object> settings(DataOptions data, JobOptions job, DirectoryOptions directory) {
        Map<String, Object> settings = data.settings();
        job.addTo(settings);
        directory.addTo(settings);
        return settings;
    }

    /** Prints a run's outcome and returns its exit code. */
    static int finish(CommandSpec spec, RunOutcome outcome, SpringSession session) {
        RunPrinter.print(spec.commandLine().getOut(), outcome, session.bean(Directory.class),
                session.bean(MailRoutes.class),
                session.bean(MessageComposer.class), session.bean(BulkResendProperties.class));
        String warning = session.bean(MessageComposer.class).settings().cloud().warning();
        if (warning != null && outcome.kind() != Kind.REJECTED && outcome.kind() != Kind.HELD_ELSEWHERE
                && outcome.kind() != Kind.DECLINED) {
            spec.commandLine().getErr().println("bulk-resend: warning: " + warning);
        }
        if (outcome.kind() == Kind.REJECTED || outcome.kind() == Kind.HELD_ELSEWHERE || outcome.kind() == Kind.FAILED
                || outcome.kind() == Kind.DAILY_LIMIT) {
            spec.commandLine().getErr().println("bulk-resend: " + Sentence.of(outcome.message()));
        }
        else {
            spec.commandLine().getOut().println(outcome.message());
        }
        return RunPrinter.exitCode(outcome);
    }

    private static final IParameterExceptionHandler USAGE_ERROR = (ParameterException ex, String[] args) -> {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("bulk-resend: " + UsageErrors.describe(ex));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the "
                + (cmd.getSubcommands().isEmpty() ? "options." : "commands and options."));
        return ExitCodes.USAGE;
    };

    private static final IExecutionExceptionHandler FAILURE = (Exception ex, CommandLine cmd, CommandLine.ParseResult parse) -> {
        PrintWriter err = cmd.getErr();
        StorageFailedException storage = StorageFailedException.findIn(ex);
        if (storage != null) {
            // Wherever it surfaced (a chunk, the job repository), the cause is the data directory's device,
            // which also holds the log file: the message says all there is to say.
            err.println("bulk-resend: " + Sentence.of(storage.getMessage() + ", then run the same command again; it "
                    + "continues where it stopped."));
            return ExitCodes.FAILED;
        }
        if (ex instanceof BulkResendException known) {
            String message = Sentence.of(known.getMessage());
            switch (known.kind()) {
                case REFUSED -> {
                    err.println("bulk-resend: " + message + (message.endsWith("Nothing was changed.") ? ""
                            : " Nothing was changed."));
                    return ExitCodes.USAGE;
                }
                case WAITING -> {
                    err.println("bulk-resend: " + message);
                    return ExitCodes.PROBLEMS;
                }
                default -> {
                    // Here, outside a run, what stopped answering stopped the command before it changed anything.
                    err.println("bulk-resend: " + message + (message.contains("same command") ? " Nothing was changed."
                            : " Nothing was changed; run the same command again later."));
                    return ExitCodes.FAILED;
                }
            }
        }
        if (ex instanceof SpringSession.StartupException) {
            err.println("bulk-resend: " + Sentence.of(ex.getMessage()));
            return ExitCodes.FAILED;
        }
        LoggerFactory.getLogger(BulkResendCli.class).error("Unexpected failure", ex);
        err.println("bulk-resend: unexpected failure: " + ex + ". Run the same command again to continue; "
                + "the log file in the data directory has the details.");
        return ExitCodes.FAILED;
    };

    @Command(name = "bulk-resend", mixinStandardHelpOptions = true, versionProvider = Version.class,
            subcommands = { RunCommand.class, CheckCommand.class, ValidateCommand.class, StatusCommand.class, RestartCommand.class,
                    AuditCommand.class, FollowupCommand.class, ExpireCommand.class, WatchCommand.class,
                    DemoCommand.class, DirectoryCommand.class, TemplatesCommand.class, CompletionCommand.class,
                    CommandLine.HelpCommand.class },
            description = { "Resets the passwords of users who never got their welcome email and sends each one "
                    + "a new temporary password at an address they can read.",
                    "Settings can also be given as Spring properties: --spring.mail.username=..., "
                            + "--bulk-resend.passwords.length=20, or environment variables (SPRING_MAIL_HOST)." })
    static final class TopCommand implements Runnable {

        final List<String> springArgs;

        @picocli.CommandLine.Spec
        CommandSpec spec;

        TopCommand(List<String> springArgs) {
            this.springArgs = List.copyOf(springArgs);
        }

        @Override
        public void run() {
            throw UsageErrors.missingCommand(this.spec);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = BulkResendCli.class.getPackage().getImplementationVersion();
            return new String[] { "bulk-resend " + ((version != null) ? version : "(development build)") };
        }
    }
}
