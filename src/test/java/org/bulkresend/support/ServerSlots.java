package org.bulkresend.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

/**
 * What the tests' throw-away servers ({@link SambaDomain}, {@link PostgresServer}) share to never
 * clash across test JVMs: a slot held by an exclusive lock on a file in the temporary folder for as
 * long as its JVM lives (a lock dies with its JVM, however it ends), the server's process id written
 * beside it, and the stop of a server that a killed JVM left running in the slot it takes.
 */
final class ServerSlots {

    private ServerSlots() {
    }

    /** The slot's lock, or null if another JVM (or this one) holds it. */
    static FileLock lock(Path lockFile) {
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
            }
            return lock;
        }
        catch (IOException | OverlappingFileLockException ex) {
            return null;
        }
    }

    static void release(FileLock lock) {
        try {
            lock.release();
            lock.channel().close();
        }
        catch (IOException ex) {
            // Closing the channel frees the lock either way.
        }
    }

    /**
     * Stops the server left by a test JVM that held the slot and was killed: its process id is in
     * {@code pidFile}, and it is stopped only if that process is still the server ({@code isServer}).
     */
    static void stopLeftOver(Path pidFile, LongPredicate isServer) {
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long id = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(id).filter((process) -> isServer.test(id)).ifPresent((process) -> {
                process.destroy();
                process.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally((ex) -> null).join();
            });
            Files.deleteIfExists(pidFile);
        }
        catch (IOException | NumberFormatException ex) {
            // No readable process id: nothing known to stop.
        }
    }

    /** The process's command line, its arguments separated by spaces; empty if it cannot be read. */
    static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ').strip();
        }
        catch (IOException ex) {
            return "";
        }
    }

    /** Deletes the server's folder and all in it, if it is there. */
    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
