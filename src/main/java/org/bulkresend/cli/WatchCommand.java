package org.bulkresend.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.bulkresend.access.OperatorSignIn;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.job.Expiry;
import org.bulkresend.password.Secret;
import org.bulkresend.run.ResendRunner;
import org.bulkresend.run.RunOutcome;
import org.bulkresend.schedule.Inbox;
import org.bulkresend.schedule.WatchRound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = { "Run every CSV file dropped into a folder, once, on a schedule. Each round: replace expired "
                + "temporary passwords ('expire'), continue a run the daily limit (or an outage) stopped, then run "
                + "each new file, oldest first, and move it to processed/ or failed/ with its report (or the reason) "
                + "beside it. A file is known by its content: dropping the same file again does nothing.",
                "Ctrl-C or SIGTERM stops cleanly: a run in progress stops after its current chunk and continues at "
                        + "the next start. Between rounds the data directory is free for 'status', 'followup' and "
                        + "the rest. Takes every option of 'run'." })
class WatchCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(WatchCommand.class);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "--inbox", paramLabel = "DIR", required = true,
            description = "The folder to take input files (.csv, .txt, .tsv) from. processed/ and failed/ are made "
                    + "in it. It must exist, unless --create-inbox is given.")
    Path inbox;

    @Option(names = "--create-inbox", description = "Create the --inbox folder if it does not exist.")
    boolean createInbox;

    @Option(names = "--every", paramLabel = "DURATION", defaultValue = "15m",
            description = "How long to wait between rounds: 15m, 1h, 30s. Default: ${DEFAULT-VALUE}.")
    String every;

    @Option(names = "--once",
            description = "Do one round and exit (for cron or a systemd timer). The exit code is the most serious "
                    + "of the round: 3, then 2, then 1, then 4, else 0.")
    boolean once;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "10s",
            description = "Leave a file until nothing has written to it for this long, so a file still being copied "
                    + "in is not read half-written. Default: ${DEFAULT-VALUE}.")
    String settle;

    @Mixin
    RowOptions rows;

    @Mixin
    SignedInRun signedIn;

    @Spec
    CommandSpec spec;

    private final CountDownLatch stopRequested = new CountDownLatch(1);

    private final AtomicReference<ResendRunner> running = new AtomicReference<>();

    private Secret password;

    @Override
    public Integer call() {
        this.rows.check();
        if (!this.createInbox && !Files.isDirectory(this.inbox)) {
            throw new UsageException("The inbox " + this.inbox.toAbsolutePath().normalize() + " does not exist"
                    + (Files.exists(this.inbox) ? " as a folder" : "") + ": check --inbox, or give --create-inbox "
                    + "to create it.");
        }
        Duration interval = Durations.parse("--every", this.every, Duration.ofSeconds(1), Duration.ofDays(7));
        Duration settleTime = Durations.parse("--settle", this.settle, Duration.ZERO, Duration.ofHours(1));
        Map<String, Object> settings = this.signedIn.settings.settings();
        List<String> args = BulkResendCli.passthrough(this.spec);
        PrintWriter out = this.spec.commandLine().getOut();
        PrintWriter err = this.spec.commandLine().getErr();
        Inbox folder = new Inbox(this.inbox, settleTime, Clock.systemUTC());
        folder.prepare();
        out.println("Watching " + folder.folder()
                + (this.once ? " (one round)" : " every " + Durations.format(interval))
                + "; processed files go to " + Inbox.PROCESSED + "/, refused ones to " + Inbox.FAILED + "/.");
        out.flush();
        try (GracefulStop stop = GracefulStop.install(this::requestStop, err,
                "stopping the watch (a run in progress stops after its current chunk; press Ctrl-C again to stop at "
                        + "once)...")) {
            if (this.once) {
                return round(folder, settings, args, out, err);
            }
            do {
                try {
                    round(folder, settings, args, out, err);
                }
                catch (DirectoryUnavailableException | SpringSession.StartupException | UncheckedIOException ex) {
                    // An outage or a full disk: say so, and try again at the next round.
                    err.println("bulk-resend: " + Sentence.of(ex.getMessage()) + " Trying again at the next round.");
                    logger.warn("Round failed; trying again at the next round.", ex);
                }
                out.flush();
                err.flush();
            }
            while (!waitFor(interval));
            out.println("bulk-resend: watch stopped.");
            return ExitCodes.OK;
        }
        finally {
            if (this.password != null) {
                this.password.destroy();
            }
        }
    }

    private void requestStop() {
        this.stopRequested.countDown();
        ResendRunner runner = this.running.get();
        if (runner != null) {
            runner.stopRunning();
        }
    }

    private boolean stopping() {
        return this.stopRequested.getCount() == 0;
    }

    /** Waits for the next round; true if a stop was asked for instead. */
    private boolean waitFor(Duration interval) {
        try {
            return this.stopRequested.await(interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** One round; returns its most serious exit code. */
    private int round(Inbox folder, Map<String, Object> settings, List<String> args, PrintWriter out,
            PrintWriter err) {
        if (stopping()) {
            return ExitCodes.OK;
        }
        List<Path> files = folder.ready();
        Severity severity = new Severity();
        SpringSession session;
        try {
            session = SpringSession.start(this.signedIn.settings.dataDir(), settings, args);
        }
        catch (UsageException ex) {
            if (this.once) {
                throw ex;
            }
            // Another command holds the data directory (an admin's 'status', say): try again next round.
            err.println("bulk-resend: " + Sentence.of(ex.getMessage()) + " Trying again at the next round.");
            return ExitCodes.FAILED;
        }
        try (session) {
            try {
                session.requireRealOutputFolders();
            }
            catch (UsageException ex) {
                // Not the files' fault either: they stay in the inbox until the link is gone.
                err.println("bulk-resend: " + Sentence.of(ex.getMessage()) + " No file was run; they stay in the inbox.");
                severity.add(ExitCodes.USAGE);
                return severity.worst;
            }
            ResendRunner runner = session.bean(ResendRunner.class);
            ProgressDisplay.install(session, this.signedIn.quiet());
            this.running.set(runner);
            try {
                session.bean(WatchRound.class).run(folder, files,
                        () -> session.bean(OperatorSignIn.class).signIn(this.signedIn.operator.operator, () -> operatorPassword(session)),
                        new WatchRound.FileRuns(this.rows.useSuppliedPasswords, this.rows.maxInvalidPercent),
                        this::stopping, new Printer(session, severity, out, err));
            }
            finally {
                this.running.set(null);
            }
        }
        return severity.worst;
    }

    /** Prints what a round does and keeps its most serious exit code. */
    private final class Printer implements WatchRound.Listener {

        private final SpringSession session;

        private final Severity severity;

        private final PrintWriter out;

        private final PrintWriter err;

        Printer(SpringSession session, Severity severity, PrintWriter out, PrintWriter err) {
            this.session = session;
            this.severity = severity;
            this.out = out;
            this.err = err;
        }

        @Override
        public void expired(Expiry.Result result) {
            ExpireCommand.print(result, this.out);
            this.severity.add(result.complete() ? ExitCodes.OK : ExitCodes.PROBLEMS);
        }

        @Override
        public void expireStopped(DirectoryUnavailableException ex) {
            this.err.println("bulk-resend: " + ex.getMessage());
            this.severity.add(ExitCodes.FAILED);
        }

        @Override
        public void notRun(String problem) {
            this.err.println("bulk-resend: " + problem);
            this.severity.add(ExitCodes.USAGE);
        }

        @Override
        public void starting(Path file) {
            this.out.println();
            this.out.println("[" + TIME.format(LocalDateTime.now()) + "] " + file.getFileName());
        }

        @Override
        public void finished(Path file, RunOutcome outcome) {
            if (outcome.kind() == RunOutcome.Kind.HELD_ELSEWHERE) {
                // Another instance watching the same inbox runs it: not a fault of this one's round.
                this.out.println(outcome.message());
                return;
            }
            this.severity.add(BulkResendCli.finish(WatchCommand.this.spec, outcome, this.session));
        }

        @Override
        public void put(Path file, Path movedTo) {
            this.out.println((movedTo != null) ? "Moved to " + movedTo
                    : "Left in the inbox: the next round continues it if it is still there.");
        }
    }

    /** Asked at most once, at the first round that needs it, and kept in memory while the watch runs. */
    private Secret operatorPassword(SpringSession session) {
        if (this.password == null) {
            this.password = OperatorOptions.password(this.signedIn.operator.operator,
                    this.signedIn.operator.passwordFile, OperatorOptions.checkedIn(session));
        }
        char[] copy = new char[this.password.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = this.password.charAt(i);
        }
        return Secret.wrap(copy);
    }

    /** The most serious exit code of a round: 3, then 2, then 1, then 4, else 0. */
    private static final class Severity {

        private static final List<Integer> ORDER = List.of(ExitCodes.OK, ExitCodes.DAILY_LIMIT, ExitCodes.PROBLEMS,
                ExitCodes.USAGE, ExitCodes.FAILED);

        private int worst = ExitCodes.OK;

        void add(int code) {
            if (ORDER.indexOf(code) > ORDER.indexOf(this.worst)) {
                this.worst = code;
            }
        }
    }
}
