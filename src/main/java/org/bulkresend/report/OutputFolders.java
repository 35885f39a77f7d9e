package org.bulkresend.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The folders under the out directory that bulk-resend writes passwords (the outbox, the dry
 * run's previews) and reports into. Whoever can plant a symbolic link there, or in place of a
 * file about to be written, would have the next run write into a folder of their choosing. Every
 * command that writes there checks first, before anything changes, and refuses.
 */
public final class OutputFolders {

    /** The folders under the out directory that bulk-resend writes into. */
    static final List<String> FOLDERS = List.of("outbox", "reports", "preview", "followup");

    /**
     * How deep to look: the outbox's and the reports' files are right inside, a dry run's
     * previews one folder further down.
     */
    private static final int DEPTH = 2;

    private OutputFolders() {
    }

    /**
     * The stem, or {@code stem-2}, {@code stem-3} ... if what would be written under it is there
     * already: two runs of files with the same name in the same second each keep their own report.
     *
     * @param taken whether anything written under a stem exists
     */
    public static String unusedStem(String stem, Predicate<String> taken) {
        for (int n = 1;; n++) {
            String candidate = stem + ((n == 1) ? "" : "-" + n);
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
    }

    /** True if a file, folder or link of this name is there. */
    public static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The refusal, if one of the out directory's folders, anything in them, or one of the files
     * about to be written (a {@code --report FILE}, a {@code --csv FILE}; null ones are skipped)
     * is a symbolic link. Reads only: a folder that does not exist yet is fine, and is not made.
     */
    public static Optional<String> symbolicLink(Path outDir, Path... files) {
        for (Path file : files) {
            if (file != null && Files.isSymbolicLink(file.toAbsolutePath())) {
                return Optional.of(refusal(file.toAbsolutePath()));
            }
        }
        for (String name : FOLDERS) {
            Path folder = outDir.toAbsolutePath().normalize().resolve(name);
            if (Files.isSymbolicLink(folder)) {
                return Optional.of(refusal(folder));
            }
            if (Files.isDirectory(folder)) {
                // Files.walk does not follow links: a link is visited as itself, never entered.
                try (Stream<Path> inside = Files.walk(folder, DEPTH)) {
                    Optional<Path> link = inside.filter(Files::isSymbolicLink).findFirst();
                    if (link.isPresent()) {
                        return Optional.of(refusal(link.get()));
                    }
                }
                catch (IOException | UncheckedIOException ex) {
                    // Unreadable: the write itself will fail and say so, naming the folder.
                }
            }
        }
        return Optional.empty();
    }

    private static String refusal(Path link) {
        return link + " is a symbolic link; bulk-resend writes passwords and reports only into a real folder it "
                + "owns. Nothing was changed.";
    }
}
