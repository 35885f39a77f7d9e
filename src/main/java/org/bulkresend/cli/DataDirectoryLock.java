package org.bulkresend.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One process at a time per data directory. The embedded database would make a second process
 * wait and then fail with a lock error; this says at once, and clearly, who holds it. The OS
 * releases the lock when the holder dies, even by {@code kill -9}.
 */
final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;

    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirectoryLock acquire(Path dataDir) {
        Path file = dataDir.resolve("bulk-resend.lock");
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
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
            return new DataDirectoryLock(channel, lock);
        }
        catch (IOException ex) {
            throw new UsageException("The data directory " + dataDir + " cannot be used: " + ex.getMessage());
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
