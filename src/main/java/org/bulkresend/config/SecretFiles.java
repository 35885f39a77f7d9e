package org.bulkresend.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bulkresend.directory.DirectoryRefusedException;

/** A secret kept in a file an admin names by an option: its first line, or why it cannot be had. */
final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * @param option the option that named the file, for the refusal
     * @param what what the first line must be ("the client secret's value")
     */
    static String firstLine(Path file, String option, String what) {
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            if (first.isEmpty()) {
                throw new DirectoryRefusedException(option + ": " + file + " is empty; its first line must be " + what
                        + ". Nothing was changed.");
            }
            return first;
        }
        catch (IOException ex) {
            throw new DirectoryRefusedException(option + ": " + file + " cannot be read: " + ex.getMessage()
                    + ". Nothing was changed.");
        }
    }
}
