package org.bulkresend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that secrets are nowhere at rest: in no file under the folders given (database files,
 * logs, reports), read byte for byte, and not in what the command printed. A failure names the file,
 * never the secret.
 */
public final class AtRest {

    private AtRest() {
    }

    /**
     * The run's own files (its data and out directories) and output hold none of the secrets, and the
     * scan read the database, the log and the report among them.
     */
    public static void assertNoneInRun(List<String> secrets, Cli.Result printed, Cli cli) {
        assertThat(assertNoneOf(secrets, printed, cli.dataDir(), cli.outDir()))
            .anyMatch((f) -> f.toString().endsWith(".script"))
            .anyMatch((f) -> f.toString().endsWith(".log"))
            .anyMatch((f) -> f.toString().endsWith("-report.csv"));
    }

    /** @return the files read, so that a test can say which it expected among them */
    public static List<Path> assertNoneOf(List<String> secrets, Cli.Result printed, Path... roots) {
        List<Path> scanned = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).forEach(scanned::add);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        for (Path file : scanned) {
            String content;
            try {
                content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            assertThat(secrets.stream().noneMatch(content::contains)).as("a secret found in %s", file).isTrue();
        }
        assertThat(secrets.stream().noneMatch(printed.all()::contains)).as("a secret was printed").isTrue();
        return scanned;
    }
}
