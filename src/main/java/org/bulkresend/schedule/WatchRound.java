package org.bulkresend.schedule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.input.InputFile;
import org.bulkresend.input.InputRejectedException;
import org.bulkresend.job.Expiry;
import org.bulkresend.report.ReportWriter;
import org.bulkresend.run.ResendRunner;
import org.bulkresend.run.RunOutcome;
import org.bulkresend.run.RunRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of {@code watch}, in the order that keeps the promise to every user:
 * <ol>
 * <li>nothing ready and nothing expired: nothing happens (no sign-in, nothing in the audit
 * trail);</li>
 * <li>expired temporary passwords are replaced first, so an old message stops being a key before
 * anyone new is told;</li>
 * <li>a setting that would stop every run (no mail route, say) leaves the files in the inbox: it
 * is not their fault;</li>
 * <li>a run the daily limit or an outage stopped continues before any new file starts;</li>
 * <li>each file is run, then moved where its outcome says; the daily limit, a failure or a stop
 * request ends the round, and what is left waits in the inbox for the next.</li>
 * </ol>
 * It decides and does; the command prints what the {@link Listener} hears and turns it into an
 * exit code.
 */
public final class WatchRound {

    private static final Logger logger = LoggerFactory.getLogger(WatchRound.class);

    private final Expiry expiry;

    private final ResendRunner runner;

    /** What a round hears, in order. */
    public interface Listener {

        /** {@code expire} ran; it may have replaced nothing. */
        void expired(Expiry.Result result);

        /** {@code expire} stopped because the directory stopped answering; the files still run. */
        void expireStopped(DirectoryUnavailableException ex);

        /** No file runs this round, for a reason that is not the files'. */
        void notRun(String problem);

        void starting(Path file);

        void finished(Path file, RunOutcome outcome);

        /** Where the file went, or null if it stays in the inbox for the next round. */
        void put(Path file, Path movedTo);
    }

    /**
     * How each file's run is asked for.
     *
     * @param useSuppliedPasswords use a template's creation passwords instead of generating
     * @param maxInvalidPercent refuse a file if more than this share of its rows are invalid
     */
    public record FileRuns(boolean useSuppliedPasswords, int maxInvalidPercent) {
    }

    public WatchRound(Expiry expiry, ResendRunner runner) {
        this.expiry = expiry;
        this.runner = runner;
    }

    /** True if a round with these files ready has anything to do. */
    public boolean anythingToDo(List<Path> files) {
        return !files.isEmpty() || this.expiry.anyDue();
    }

    /**
     * Runs one round.
     *
     * @param files the files ready in the inbox, as {@link Inbox#ready()} gave them
     * @param signIn signs the operator in; called only if the round has anything to do
     * @param stopping true once a stop was asked for: no further file starts
     */
    public void run(Inbox folder, List<Path> files, Supplier<DirectoryUser> signIn, FileRuns runs,
            BooleanSupplier stopping, Listener listener) {
        if (!anythingToDo(files)) {
            return;
        }
        DirectoryUser operator = signIn.get();
        try {
            listener.expired(this.expiry.expire(operator));
        }
        catch (DirectoryUnavailableException ex) {
            listener.expireStopped(ex);
        }
        if (files.isEmpty()) {
            return;
        }
        Optional<String> problem = this.runner.settingsProblem();
        if (problem.isPresent()) {
            listener.notRun(problem.get() + " No file was run; they stay in the inbox.");
            return;
        }
        logger.info("Round: {} files ready, {} still being written.", files.size(), folder.settling());
        for (Path file : inRunOrder(files)) {
            if (stopping.getAsBoolean()) {
                return;
            }
            listener.starting(file);
            RunOutcome outcome = this.runner.run(new RunRequest(file, null, false, runs.useSuppliedPasswords(),
                    runs.maxInvalidPercent(), operator.userPrincipalName()));
            listener.finished(file, outcome);
            Path movedTo = put(folder, file, outcome);
            listener.put(file, movedTo);
            if (movedTo == null && outcome.kind() != RunOutcome.Kind.HELD_ELSEWHERE) {
                return; // the daily limit or an outage: the rest waits for a later round
            }
        }
    }

    /**
     * The order the round runs its files in: runs that did not finish first (stopped at the daily
     * limit or by an outage: their users were reset, or are next), then new files in the order given.
     * A file that cannot be read counts as new: its run says why.
     */
    private List<Path> inRunOrder(List<Path> files) {
        List<Path> unfinished = new ArrayList<>();
        List<Path> fresh = new ArrayList<>();
        for (Path file : files) {
            boolean continues;
            try {
                continues = this.runner.isUnfinished(InputFile.of(file).sha256());
            }
            catch (InputRejectedException ex) {
                continues = false;
            }
            (continues ? unfinished : fresh).add(file);
        }
        unfinished.addAll(fresh);
        return unfinished;
    }

    /** Moves the file where its outcome says; null if it stays in the inbox for the next round. */
    private static Path put(Inbox folder, Path file, RunOutcome outcome) {
        List<Path> reports = (outcome.report() != null)
                ? List.of(outcome.report(), ReportWriter.htmlBeside(outcome.report())) : List.of();
        return switch (outcome.kind()) {
            case COMPLETED, COMPLETED_WITH_PROBLEMS -> folder.processed(file, reports);
            case ALREADY_PROCESSED -> folder.skipped(file, outcome.message());
            case REJECTED -> folder.failed(file, outcome.message(), reports);
            case DAILY_LIMIT, FAILED -> null;
            // Another instance sharing the database runs it; if it dies, a later round takes the run over. (A round
            // asks nobody, so no run of it is declined; one that were would stay for the next round.)
            case HELD_ELSEWHERE, DECLINED -> null;
        };
    }
}
