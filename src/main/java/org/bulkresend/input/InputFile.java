package org.bulkresend.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An input file and the SHA-256 of its content. The hash, not the path, identifies a run:
 * the same content dropped under another name is still the same run.
 */
public record InputFile(Path path, String sha256) {

    public static InputFile of(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new InputRejectedException(absolute + " is a directory; give the path of a CSV file.");
        }
        if (!Files.exists(absolute)) {
            throw new InputRejectedException("Input file not found: " + absolute);
        }
        if (!Files.isReadable(absolute)) {
            throw new InputRejectedException("Input file is not readable (check its permissions): " + absolute);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(absolute), newDigest())) {
            long size = in.transferTo(OutputStream.nullOutputStream());
            if (size == 0) {
                throw new InputRejectedException("Input file is empty: " + absolute);
            }
            String hash = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            return new InputFile(absolute, hash);
        }
        catch (NoSuchFileException ex) {
            throw new InputRejectedException("Input file not found: " + absolute, ex);
        }
        catch (AccessDeniedException ex) {
            throw new InputRejectedException("Input file is not readable (check its permissions): " + absolute, ex);
        }
        catch (IOException ex) {
            throw new InputRejectedException("Input file could not be read: " + absolute + " (" + ex.getMessage() + ")",
                    ex);
        }
    }

    public String fileName() {
        return this.path.getFileName().toString();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
        }
    }
}
