package org.bulkresend.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a file could not be read or written, in words. Java's messages for the commonest failures
 * are often the path alone ("could not write /srv/out/r.csv: /srv/out/r.csv"): these give the
 * reason, and name another path only where that path is the reason (a file where a folder goes).
 */
public final class IoFailures {

    private IoFailures() {
    }

    /** The reason alone, to follow the path the message already names: "permission denied". */
    public static String reason(IOException ex) {
        if (ex instanceof FileSystemException fs) {
            Path blocking = fileOnTheWay(fs);
            if (blocking != null) {
                return blocking + " is a file, not a folder";
            }
        }
        if (ex instanceof FileAlreadyExistsException) {
            return "something that is not a folder is in the way";
        }
        if (ex instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (ex instanceof NoSuchFileException missing) {
            Path file = (missing.getFile() != null) ? Path.of(missing.getFile()) : null;
            Path parent = (file != null) ? file.toAbsolutePath().getParent() : null;
            return (parent != null && !Files.isDirectory(parent)) ? "the folder " + parent + " does not exist"
                    : "no such file";
        }
        if (ex instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(Locale.ROOT);
        }
        String message = String.valueOf(ex.getMessage());
        return message.isBlank() ? ex.getClass().getSimpleName() : message;
    }

    /** {@link #reason(IOException)} of an I/O failure however it is wrapped; else the failure's own message. */
    public static String reason(Exception ex) {
        if (ex instanceof IOException io) {
            return reason(io);
        }
        if (ex instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
            return reason(unchecked.getCause());
        }
        return String.valueOf(ex.getMessage());
    }

    /** The path and the reason: "/srv/out/r.csv: permission denied", or "/srv/out is a file, not a folder". */
    public static String describe(IOException ex) {
        if (ex instanceof FileSystemException fs && fs.getFile() != null) {
            Path blocking = fileOnTheWay(fs);
            return (blocking != null) ? blocking + " is a file, not a folder" : fs.getFile() + ": " + reason(ex);
        }
        return reason(ex);
    }

    /**
     * Why files could not be written in this folder, or the folder made where it is missing, found
     * without writing or making anything; empty if they could: the folder, or the nearest of its
     * parents that exists, must be a folder this account may write. For a command that changes
     * nothing, asked about a folder a run would write in.
     */
    public static Optional<String> whyFolderCannotBeWritten(Path folder) {
        Path existing = nearestExisting(folder.toAbsolutePath());
        if (existing == null) {
            return Optional.of("no folder above it exists");
        }
        if (!Files.isDirectory(existing)) {
            return Optional.of(existing + " is a file, not a folder");
        }
        return Files.isWritable(existing) ? Optional.empty() : Optional.of(existing + " cannot be written");
    }

    /** The path itself if it exists, else the nearest of its parents that does, or null if none does. */
    public static Path nearestExisting(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing;
    }

    /** A regular file where the path needs a folder ("Not a directory", or a folder that exists as a file). */
    private static Path fileOnTheWay(FileSystemException fs) {
        if (fs.getFile() == null) {
            return null;
        }
        Path file = Path.of(fs.getFile());
        if (fs instanceof FileAlreadyExistsException) {
            return Files.isRegularFile(file) ? file : null;
        }
        for (Path parent = file.getParent(); parent != null; parent = parent.getParent()) {
            if (Files.isRegularFile(parent)) {
                return parent;
            }
        }
        return null;
    }
}
