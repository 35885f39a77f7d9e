package org.bulkresend.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;

import org.bulkresend.report.OwnerOnly;
import org.bulkresend.storage.IoFailures;

/**
 * One process at a time per data directory. The embedded database would make a second process
 * wait and then fail with a lock error; this says at once, and clearly, who holds it. The OS
 * releases the lock when the holder dies, even by {@code kill -9}. A data directory that cannot be
 * written (a file, a read-only device) is a usage error, said in one line before anything starts.
 */
final class DataDirectoryLock implements AutoCloseable {

    /** The log file in the data directory's logs folder, as logback-spring.xml names it. */
    static final String LOG_FILE = "bulk-resend.log";

    private final FileChannel channel;

    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param embeddedDatabase whether the database is the data directory's own (its {@code db} folder), rather
     * than a PostgreSQL server given by {@code --database}
     */
    static DataDirectoryLock acquire(Path dataDir, boolean embeddedDatabase) {
        Path file = dataDir.resolve("bulk-resend.lock");
        DataDirectoryLock acquired;
        try {
            createOwnerOnly(dataDir, embeddedDatabase);
            FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), OwnerOnly.file());
            FileLock lock;
            try {
                lock = channel.tryLock();
            }
            catch (OverlappingFileLockException ex) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new UsageException("Another bulk-resend run is using the data directory " + dataDir
                        + (holder.isEmpty() ? "" : " (" + holder + ")")
                        + ". Wait for it to finish, or give another --data-dir. Nothing was changed.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + ", since " + Instant.now())
                .getBytes(StandardCharsets.UTF_8)), 0);
            acquired = new DataDirectoryLock(channel, lock);
        }
        catch (IOException ex) {
            throw unusable(dataDir, ex);
        }
        try {
            // The log and the database would fail later, the first with stack traces on the console.
            requireWritable(dataDir.resolve("logs"));
            if (embeddedDatabase) {
                requireWritable(dataDir.resolve("db"));
            }
            return acquired;
        }
        catch (IOException ex) {
            acquired.close();
            throw unusable(dataDir, ex);
        }
    }

    /** Creates the folder if needed and writes a file in it: root ignores permissions, not a read-only device. */
    private static void requireWritable(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.delete(Files.createTempFile(folder, ".bulk-resend-write-test", null));
    }

    private static UsageException unusable(Path dataDir, IOException ex) {
        return new UsageException("The data directory " + dataDir + " cannot be used: " + IoFailures.describe(ex)
                + ". Make it a writable folder, or give another --data-dir.");
    }


    /**
     * The data directory holds the directory's password hashes, every user's address and the log:
     * it is made owner-only before anything is written into it. The log file and the database's
     * folder are made here too, owner-only, before the logger and the database make them with the
     * umask's permissions: the logger appends to the file it finds. The database creates its own
     * files; the owner-only folder protects them, and {@link OwnerOnly#tighten} narrows them.
     */
    private static void createOwnerOnly(Path dataDir, boolean embeddedDatabase) throws IOException {
        OwnerOnly.createFolders(dataDir);
        OwnerOnly.tighten(dataDir);
        if (embeddedDatabase) {
            OwnerOnly.createFolders(dataDir.resolve("db"));
        }
        Path log = OwnerOnly.createFolders(dataDir.resolve("logs")).resolve(LOG_FILE);
        if (!Files.exists(log, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createFile(log, OwnerOnly.file());
            }
            catch (FileAlreadyExistsException ex) {
                // made at the same moment by another process, with the same permissions
            }
        }
    }

    @Override
    public void close() {
        try {
            this.lock.release();
            this.channel.close();
        }
        catch (IOException ex) {
            // The OS releases the lock with the process anyway.
        }
    }
}
