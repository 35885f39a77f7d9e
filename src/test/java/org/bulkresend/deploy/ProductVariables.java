package org.bulkresend.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables bulk-resend reads: those of docs/reference.md, "Settings and environment
 * variables", which {@code config/SettingsDocumentedTests} keeps complete, less the one it names as not read.
 */
final class ProductVariables {

    private static final Pattern VARIABLE = Pattern.compile("`((?:BULK_RESEND|SPRING_MAIL)_[A-Z0-9_]*[A-Z0-9])`");

    /** Those whose value is a secret: refused as arguments, never to be written into an image or a manifest. */
    static final Pattern SECRET = Pattern.compile("(?i).*(PASSWORD|SECRET).*");

    private ProductVariables() {
    }

    static Set<String> read() {
        String reference;
        try {
            reference = Files.readString(Path.of("docs", "reference.md"), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        String section = reference.substring(reference.indexOf("## Settings and environment variables"),
                reference.indexOf("## Exit codes"));
        Set<String> variables = new TreeSet<>();
        for (String line : section.lines().filter((line) -> !line.contains("is not read")).toList()) {
            Matcher matcher = VARIABLE.matcher(line);
            while (matcher.find()) {
                variables.add(matcher.group(1));
            }
        }
        return variables;
    }
}
