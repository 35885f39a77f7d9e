package org.bulkresend.support;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium, for the tests that look at a page as a browser shows it. Found at
 * {@code /usr/bin/chromium} or as {@code chromium} on the PATH. A test never installs it: {@code
 * .ci/run} does on a fresh machine ({@code apt-get install chromium} on Debian). Where it is missing,
 * the test is skipped and says why; in CI (the environment variable {@code CI} is set) it fails
 * instead, since a browser test that silently skips proves nothing.
 * <p>
 * Every start gets a fresh profile and the flags that keep a browser quiet on a closed network:
 * no sandbox (root in a container), no GPU, no QUIC, no first-run, background, component-update
 * or sync traffic. The process and whatever it started end when the call ends, however it ends.
 */
public final class Chromium {

    /** The flags of every start; scripts/render-report.sh uses the same. */
    public static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private static final Path USUAL = Path.of("/usr/bin/chromium");

    /** Generous: a loaded two-core machine must not fail a test by being slow. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private final Path executable;

    private final Path workDir;

    private final AtomicInteger started = new AtomicInteger();

    private Chromium(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /**
     * Chromium, working in the given directory (profiles, output and logs go there); where it is
     * missing the test is aborted (skipped), or fails in CI.
     */
    public static Chromium require(Path workDir) {
        Optional<Path> found = find();
        if (found.isPresent()) {
            return new Chromium(found.get(), workDir);
        }
        String missing = "chromium is not installed (looked at " + USUAL + " and the PATH): install it (Debian: "
                + "apt-get install chromium; .ci/run does) to run this test";
        if (System.getenv("CI") != null) {
            throw new AssertionError(missing);
        }
        Assumptions.abort(missing);
        throw new IllegalStateException("unreachable");
    }

    /** {@code /usr/bin/chromium}, else {@code chromium} on the PATH. */
    public static Optional<Path> find() {
        if (Files.isExecutable(USUAL)) {
            return Optional.of(USUAL);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    Path candidate = Path.of(dir, "chromium");
                    if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The page's DOM once it has loaded (scripts in it, if any, have run), as HTML. */
    public String dumpDom(Path html) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url(html))).stdout();
    }

    /** A PNG of the page as a window of this size shows it. */
    public Path screenshot(Path html, Path png, int width, int height, String... moreFlags)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--hide-scrollbars", "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath()));
        args.addAll(List.of(moreFlags));
        args.add(url(html));
        Run run = run(args);
        assertThat(png).as("the screenshot; chromium said:%n%s", run.stderr()).isRegularFile();
        return png;
    }

    /** The page printed to PDF, as the browser's print would, without header and footer. */
    public Path printToPdf(Path html, Path pdf) throws IOException, InterruptedException {
        Run run = run(List.of("--no-pdf-header-footer", "--print-to-pdf=" + pdf.toAbsolutePath(), url(html)));
        assertThat(pdf).as("the PDF; chromium said:%n%s", run.stderr()).isRegularFile();
        return pdf;
    }

    private static String url(Path html) {
        return html.toAbsolutePath().toUri().toString();
    }

    /**
     * Runs Chromium with the flags, a fresh profile and these arguments, to its end. Its output
     * goes to files, so a full pipe never blocks it.
     */
    public Run run(List<String> args) throws IOException, InterruptedException {
        Run run = attempt(args);
        if (run == null) {
            // Headless Chromium now and then never ends after its work (seen once in about ten CI runs, on the
            // first start after its installation): a second start with a fresh profile decides.
            System.out.println("Chromium did not end within " + RUN_TIMEOUT.toSeconds() + " s; starting it again.");
            run = attempt(args);
        }
        assertThat(run).as("chromium ended within %d s, twice: %s", RUN_TIMEOUT.toSeconds(), args).isNotNull();
        assertThat(run.exitCode()).as("chromium's exit code; it said:%n%s", run.stderr()).isZero();
        return run;
    }

    /** One start, to its end; null if it did not end in time (it is ended then). */
    private Run attempt(List<String> args) throws IOException, InterruptedException {
        int n = this.started.incrementAndGet();
        Path profile = Files.createDirectories(this.workDir.resolve("chromium-profile-" + n));
        Path stdout = this.workDir.resolve("chromium-" + n + ".out");
        Path stderr = this.workDir.resolve("chromium-" + n + ".err");
        List<String> command = new ArrayList<>();
        command.add(this.executable.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile.toAbsolutePath());
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(this.workDir.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
        boolean ended;
        try {
            ended = process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        finally {
            end(process);
        }
        if (!ended) {
            return null;
        }
        return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    /** Ends the process and every process it started, and waits a little for them to go. */
    private static void end(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            }
            catch (ExecutionException | TimeoutException ex) {
                // gone or going: nothing more to do
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One run: its exit code and what it wrote. */
    public record Run(int exitCode, String stdout, String stderr) {
    }
}
