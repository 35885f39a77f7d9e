package org.bulkresend.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Makes a commit fail when the data directory cannot keep it.
 * <p>
 * HSQLDB 2.7 writes its log at commit and, when that write or its {@code fsync} fails (no space
 * left, read-only device, I/O error), only reports a warning to its event log: the commit returns
 * as if it were durable. Measured on a full file system: a run wrote 26 messages while the
 * directory, reopened, held 25 of their passwords. So:
 * <ul>
 * <li>the database's warnings are watched (its external event log, at level 2, goes through
 * Logback to the {@value #HSQLDB_EVENT_LOGGERS} loggers); the first one that carries an exception
 * marks the database as failed, for good: its log may now be incomplete, so nothing more is
 * committed, and every commit and rollback from then on, and the one during which it happened,
 * throws {@link StorageFailedException};</li>
 * <li>before the transaction named {@value #PASSWORD_RESET_TRANSACTION} commits (the directory
 * storing a chunk's new passwords), the device must have at least {@code minFreeBytes} free:
 * enough to record the outcomes of the messages about to be sent. Without that margin the disk
 * could fill between the send and its record, and a restart would tell those users again.</li>
 * </ul>
 * Registered as a bean, it is added to the transaction manager by Spring Boot.
 */
public class DataDirectoryStorage implements TransactionExecutionListener, AutoCloseable {

    /** The transaction in which the embedded directory stores new passwords. */
    public static final String PASSWORD_RESET_TRANSACTION = "bulk-resend.password-reset";

    /** The parent of HSQLDB's event loggers ({@code hsqldb.db.<database name>}). */
    static final String HSQLDB_EVENT_LOGGERS = "hsqldb.db";

    /** HSQLDB's error codes (negated in JDBC) for files it could not write or grow. */
    private static final Set<Integer> HSQLDB_FILE_ERRORS = Set.of(452, 466, 467, 468);

    private final Path dataDir;

    private final long minFreeBytes;

    private final HsqldbEvents events = new HsqldbEvents();

    private final Logger eventLogger;

    /** What went wrong, once the database could not write: the message of every failure from then on. */
    private volatile String failure;

    /**
     * @param minFreeBytes the free space below which no more passwords are stored
     * ({@code bulk-resend.data-dir-min-free})
     */
    public DataDirectoryStorage(Path dataDir, long minFreeBytes) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.minFreeBytes = minFreeBytes;
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            // Without it a failed log write would go unnoticed: refuse to run rather than promise durability.
            throw new IllegalStateException("bulk-resend needs Logback as its logging system to see the embedded "
                    + "database's write failures; found " + LoggerFactory.getILoggerFactory().getClass().getName());
        }
        this.eventLogger = context.getLogger(HSQLDB_EVENT_LOGGERS);
        if (this.eventLogger.getEffectiveLevel().levelInt > Level.WARN_INT) {
            // A logging setting that silences the database must not silence this watch.
            this.eventLogger.setLevel(Level.WARN);
        }
        this.events.setContext(context);
        this.events.setName("bulk-resend-storage");
        this.events.start();
        this.eventLogger.addAppender(this.events);
    }

    @Override
    public void beforeCommit(TransactionExecution transaction) {
        throwIfFailed();
        if (PASSWORD_RESET_TRANSACTION.equals(transaction.getTransactionName())) {
            requireFreeSpace();
        }
    }

    @Override
    public void afterCommit(TransactionExecution transaction, Throwable commitFailure) {
        throwIfFailed();
    }

    /**
     * A statement that failed because a file could not grow (HSQLDB's "Data File size limit is
     * reached") rolls its transaction back: the storage failure, not the statement's, is the reason
     * to report, and it replaces it.
     */
    @Override
    public void afterRollback(TransactionExecution transaction, Throwable rollbackFailure) {
        throwIfFailed();
    }

    /** Throws if the database could not write since this command started. */
    private void throwIfFailed() {
        String failed = this.failure;
        if (failed != null) {
            throw new StorageFailedException(failed);
        }
    }

    /** Throws if the data directory's device has less free space than a chunk needs to be recorded. */
    private void requireFreeSpace() {
        long free = usableSpace();
        if (free >= 0 && free < this.minFreeBytes) {
            throw new StorageFailedException("no space left on the device holding " + this.dataDir + ": " + size(free)
                    + " free, and bulk-resend stops below " + size(this.minFreeBytes)
                    + " (bulk-resend.data-dir-min-free) so that every message it sends can be recorded; nobody was "
                    + "reset or told in the chunk it stopped at. Free some space there");
        }
    }

    /**
     * True if {@code failure} is HSQLDB saying it could not write or grow one of its files. The
     * event log says it too, with the cause; this is for the statement that failed meanwhile.
     */
    public static boolean isDatabaseFileError(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && HSQLDB_FILE_ERRORS.contains(-sql.getErrorCode())) {
                return true;
            }
        }
        return false;
    }

    void databaseFailed(String event, IThrowableProxy cause) {
        if (this.failure != null) {
            return;
        }
        String detail = rootMessage(cause);
        String lower = detail.toLowerCase(Locale.ROOT);
        long free = usableSpace();
        String what;
        String remedy;
        if (lower.contains("no space left") || (free >= 0 && free < this.minFreeBytes)) {
            what = "no space left on the device holding " + this.dataDir + " (" + size(Math.max(free, 0)) + " free)";
            remedy = "Free some space there";
        }
        else if (lower.contains("read-only file system")) {
            what = "the device holding " + this.dataDir + " is read-only";
            remedy = "Make it writable again";
        }
        else if (lower.contains("quota")) {
            what = "the disk quota on the device holding " + this.dataDir + " is used up";
            remedy = "Raise the quota or free some space";
        }
        else {
            what = "the device holding " + this.dataDir + " failed a write";
            remedy = "Check that device";
        }
        this.failure = what + ": the embedded database could not write its files ("
                + event.strip().replaceAll("[:\\s]+$", "") + ": " + detail + "), so bulk-resend stopped before "
                + "telling anyone a password that might not be stored. " + remedy;
    }

    private static String rootMessage(IThrowableProxy cause) {
        IThrowableProxy root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return (message != null && !message.isBlank()) ? message : root.getClassName();
    }

    /** The usable space where the database's files are, or -1 if it cannot be read. */
    private long usableSpace() {
        Path db = this.dataDir.resolve("db");
        try {
            return Files.getFileStore(Files.isDirectory(db) ? db : this.dataDir).getUsableSpace();
        }
        catch (IOException ex) {
            return -1;
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return (bytes / 1024) + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024)).replace(".0 MB", " MB");
    }

    @Override
    public void close() {
        this.eventLogger.detachAppender(this.events);
        this.events.stop();
    }

    /** HSQLDB's warnings and errors that carry an exception: a file it could not read, write or sync. */
    private final class HsqldbEvents extends AppenderBase<ILoggingEvent> {

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN) && event.getThrowableProxy() != null) {
                databaseFailed(event.getFormattedMessage(), event.getThrowableProxy());
            }
        }
    }
}
