package org.bulkresend.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small tmpfs mounted for one test: a disk that fills up, or turns read-only, for real. Mounting
 * needs root and {@code mount}, as on CI and the developers' machines; {@link #unavailableBecause()}
 * says why a test that needs one is skipped elsewhere.
 */
public final class SmallFilesystem implements AutoCloseable {

    private final Path root;

    private SmallFilesystem(Path root) {
        this.root = root;
    }

    /** Null if a tmpfs can be mounted here, else why not. */
    public static String unavailableBecause() {
        if (!isRoot()) {
            return "mounting a small file system needs root (CI runs as root)";
        }
        if (!Files.isExecutable(Path.of("/bin/mount")) && !Files.isExecutable(Path.of("/usr/bin/mount"))) {
            return "no mount command on this machine";
        }
        return null;
    }

    /** Mounts a tmpfs of this size ({@code 4m}, {@code 512k}) on {@code mountPoint}, created if missing. */
    public static SmallFilesystem mount(Path mountPoint, String size) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", mountPoint.toString());
        return new SmallFilesystem(mountPoint);
    }

    public Path root() {
        return this.root;
    }

    public long usableSpace() throws IOException {
        return Files.getFileStore(this.root).getUsableSpace();
    }

    /** Writes a filler file that leaves about this many bytes free (a tmpfs counts in 4 KiB pages). */
    public void fillLeaving(long bytes) throws IOException {
        long fill = usableSpace() - bytes;
        assertThat(fill).as("the file system is already fuller than asked").isPositive();
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler())) {
            for (long written = 0; written + block.length <= fill; written += block.length) {
                out.write(block);
            }
        }
    }

    /** Deletes the filler: the space it took is free again. */
    public void freeFiller() throws IOException {
        Files.deleteIfExists(filler());
    }

    /** Makes every write to this file system fail, as a disk the kernel remounted read-only after errors does. */
    public void remountReadOnly() throws IOException, InterruptedException {
        run("mount", "-o", "remount,ro", this.root.toString());
    }

    private Path filler() {
        return this.root.resolve("filler");
    }

    /**
     * Unmounts it. Lazily: a file this JVM may still be closing (the database shuts down as its last
     * connection closes) would make a plain unmount fail; the kernel frees the file system once it is.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "--lazy", this.root.toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s said: %s", String.join(" ", command), output)
            .isZero();
    }

    private static boolean isRoot() {
        try {
            // /proc/self belongs to the user this process runs as.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        }
        catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
