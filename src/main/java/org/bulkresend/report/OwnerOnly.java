package org.bulkresend.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files and folders that only their owner may read: the database (the directory's hashes, every
 * user's address), the log, the reports, the follow-up lists and the audit exports. They are
 * created with these permissions rather than changed afterwards, so there is no moment when
 * another account could open them. The permissions given at creation are still narrowed by the
 * umask, which only ever takes permissions away. On a file system without POSIX permissions
 * (Windows) nothing is done: there the folder's ACLs decide.
 */
public final class OwnerOnly {

    /** True where files have POSIX permissions. */
    public static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {
    }

    /** The attribute that creates a file {@code rw-------}, or none where there are no POSIX permissions. */
    public static FileAttribute<?>[] file() {
        return POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(FILE) } : new FileAttribute<?>[0];
    }

    /** The attribute that creates a folder {@code rwx------}, or none where there are no POSIX permissions. */
    public static FileAttribute<?>[] folder() {
        return POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(FOLDER) }
                : new FileAttribute<?>[0];
    }

    /**
     * Creates the folder and any missing parent {@code rwx------}; a folder that already exists is
     * left as it is (it may be the admin's own, shared on purpose).
     */
    public static Path createFolders(Path folder) throws IOException {
        return Files.createDirectories(folder, folder());
    }

    /** A new empty file {@code rw-------} in the folder, to be written and then moved into place. */
    public static Path createTempFile(Path folder, String prefix, String suffix) throws IOException {
        return Files.createTempFile(folder, prefix, suffix, file());
    }

    /**
     * Takes the group's and others' permissions off the folder and everything under it: for files
     * that other programs create there with the umask's permissions (the embedded database's, the
     * log's), and for a data directory written by an older version. The owner's own permissions
     * are left as they are (an outbox file stays read-only). Symbolic links are neither followed
     * nor changed. Returns the paths that could not be changed (another account's, say), for a
     * warning.
     */
    public static List<Path> tighten(Path folder) {
        List<Path> failed = new ArrayList<>();
        if (!POSIX || !Files.isDirectory(folder)) {
            return failed;
        }
        // The folder itself may be a link the admin made (/var/lib/bulk-resend to a bigger disk):
        // start from what it points to, where the walk below follows no further link.
        try (Stream<Path> paths = Files.walk(folder.toRealPath())) {
            paths.forEach((path) -> {
                if (!restrict(path)) {
                    failed.add(path);
                }
            });
        }
        catch (IOException | UncheckedIOException ex) {
            // A file deleted while walking (the database replacing its script file): whatever was
            // not reached is inside the owner-only folder, and the next start tightens it.
        }
        return failed;
    }

    private static boolean restrict(Path path) {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        try {
            PosixFileAttributes attributes = view.readAttributes();
            if (attributes.isSymbolicLink()) {
                return true;
            }
            Set<PosixFilePermission> permissions = attributes.permissions();
            if (permissions.removeAll(OTHERS)) {
                view.setPermissions(permissions);
            }
            return true;
        }
        catch (NoSuchFileException ex) {
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
