package org.bulkresend.schedule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The folder {@code watch} takes input files from. A file is ready once nothing has written to it
 * for the settle time (a file still being copied in is left for the next round); hidden files,
 * temporary files and other kinds of file are ignored. Once its run is over, a file moves to
 * {@code processed/} or {@code failed/}, with its report, or a note saying why, beside it. A file
 * whose run stopped (the daily limit, a mail or directory outage) stays where it is, so the next
 * round continues it.
 */
public final class Inbox {

    public static final String PROCESSED = "processed";

    public static final String FAILED = "failed";

    private static final Set<String> INPUT_EXTENSIONS = Set.of("csv", "txt", "tsv");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(ZoneId.systemDefault());

    private final Path folder;

    private final Duration settle;

    private final Clock clock;

    public Inbox(Path folder, Duration settle, Clock clock) {
        this.folder = folder.toAbsolutePath().normalize();
        this.settle = settle;
        this.clock = clock;
    }

    public Path folder() {
        return this.folder;
    }

    /** Creates the inbox and its two result folders if they are missing. */
    public void prepare() {
        try {
            Files.createDirectories(this.folder.resolve(PROCESSED));
            Files.createDirectories(this.folder.resolve(FAILED));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The inbox " + this.folder + " cannot be created: " + ex.getMessage(), ex);
        }
    }

    /** The input files ready to run, oldest first. */
    public List<Path> ready() {
        Instant settled = this.clock.instant().minus(this.settle);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.folder)) {
            for (Path entry : entries) {
                if (isInput(entry) && !Files.getLastModifiedTime(entry).toInstant().isAfter(settled)) {
                    files.add(entry);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The inbox " + this.folder + " cannot be read: " + ex.getMessage(), ex);
        }
        files.sort(Comparator.comparing(Inbox::modified).thenComparing(Path::getFileName));
        return files;
    }

    /** Files in the inbox that are not ready yet (still being written), for the log. */
    public long settling() {
        Instant settled = this.clock.instant().minus(this.settle);
        try (var entries = Files.list(this.folder)) {
            return entries.filter(Inbox::isInput).filter((f) -> modified(f).isAfter(settled)).count();
        }
        catch (IOException ex) {
            return 0;
        }
    }

    static boolean isInput(Path entry) {
        String name = entry.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return Files.isRegularFile(entry) && !name.startsWith(".") && !name.startsWith("~$") && dot > 0
                && INPUT_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        }
        catch (IOException ex) {
            return Instant.EPOCH;
        }
    }

    /**
     * Moves a file whose run is over to {@code processed/}, with copies of its reports beside it.
     * Returns where it went.
     */
    public Path processed(Path file, List<Path> reports) {
        return moveWith(file, PROCESSED, reports, null, null);
    }

    /** Moves a file that was already processed before (the same content) to {@code processed/} with a note. */
    public Path skipped(Path file, String why) {
        return moveWith(file, PROCESSED, List.of(), "skipped.txt", why);
    }

    /** Moves a file that could not be run to {@code failed/}, with the reason beside it (and a report, if any). */
    public Path failed(Path file, String why, List<Path> reports) {
        return moveWith(file, FAILED, reports, "error.txt", why);
    }

    private Path moveWith(Path file, String to, List<Path> reports, String noteSuffix, String note) {
        Path folder = this.folder.resolve(to);
        try {
            Files.createDirectories(folder);
            Path target = free(folder, file.getFileName().toString());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            String stem = target.getFileName().toString();
            for (Path report : reports) {
                if (report != null && Files.isRegularFile(report)) {
                    String kind = report.getFileName().toString().endsWith(".html") ? "report.html" : "report.csv";
                    Files.copy(report, folder.resolve(stem + "." + kind), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (note != null) {
                Files.writeString(folder.resolve(stem + "." + noteSuffix), note + System.lineSeparator(),
                        StandardCharsets.UTF_8);
            }
            return target;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not move " + file + " to " + folder + ": " + ex.getMessage(), ex);
        }
    }

    /** The name in the folder, or the name with the time added if a file of that name is there already. */
    private Path free(Path folder, String name) throws FileAlreadyExistsException {
        Path target = folder.resolve(name);
        if (!Files.exists(target)) {
            return target;
        }
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0) ? name.substring(0, dot) : name;
        String extension = (dot > 0) ? name.substring(dot) : "";
        String stamp = STAMP.format(this.clock.instant());
        for (int n = 1; n < 1000; n++) {
            Path candidate = folder.resolve(stem + "-" + stamp + ((n > 1) ? "-" + n : "") + extension);
            if (!Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new FileAlreadyExistsException(target.toString());
    }
}
