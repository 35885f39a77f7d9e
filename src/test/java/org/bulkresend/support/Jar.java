package org.bulkresend.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts the packaged jar in its own process, as an admin or a scheduler does. */
public final class Jar {

    private final Path workDir;

    private final Map<String, String> env;

    /**
     * Numbers every process's output file: one count for every {@code Jar} of the test JVM, since
     * several (one per instance of a shared-database test) may start processes in one folder.
     */
    private static final AtomicInteger started = new AtomicInteger();

    public Jar(Path workDir, Map<String, String> env) {
        this.workDir = workDir;
        this.env = env;
    }

    public static Path path() {
        Path jar = Path.of(System.getProperty("bulkresend.jar", "target/bulk-resend.jar"));
        assertThat(jar).as("run `./mvnw verify`: this test needs the packaged jar").exists();
        return jar;
    }

    /** Starts the jar; its output goes to a file of its own, so a pipe never blocks it. */
    public Started start(String... args) throws IOException {
        List<String> command = javaCommand(args);
        Path output = this.workDir.resolve("process-" + started.incrementAndGet() + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(this.workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        builder.environment().putAll(this.env);
        return new Started(builder.start(), output);
    }

    /**
     * Starts the jar on a terminal of its own, as an admin types the command: util-linux
     * {@code script} gives it a pseudo-terminal for its input and output, so that it finds a
     * console; what is written with {@link Started#type} is what the admin types.
     */
    public Started startOnTerminal(String... args) throws IOException {
        Path script = Path.of("/usr/bin/script");
        assertThat(script).as("util-linux script gives the jar a terminal").exists();
        String line = String.join(" ", javaCommand(args).stream().map(Jar::quoted).toList());
        Path output = this.workDir.resolve("terminal-" + started.incrementAndGet() + ".out");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "-qfec", line, "/dev/null")
            .directory(this.workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        builder.environment().putAll(this.env);
        return new Started(builder.start(), output);
    }

    /** {@code java -jar bulk-resend.jar} with these arguments, on this test's own Java runtime. */
    private static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", path().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** The argument as the shell {@code script} starts reads it back, whatever it holds. */
    private static String quoted(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /** Runs the jar to its end. */
    public Exit run(String... args) throws IOException, InterruptedException {
        return start(args).waitForExit(180);
    }

    public record Started(Process process, Path outputFile) {

        public Exit waitForExit(int seconds) throws IOException, InterruptedException {
            assertThat(this.process.waitFor(seconds, TimeUnit.SECONDS)).as("the process ended in time").isTrue();
            return new Exit(this.process.exitValue(), output());
        }

        public String output() throws IOException {
            return Files.readString(this.outputFile, StandardCharsets.UTF_8);
        }

        /** Waits until the process has written this text (a question, say), and returns its output so far. */
        public String awaitOutput(String text, int seconds) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                boolean alive = this.process.isAlive();
                String output = output();
                if (output.contains(text)) {
                    return output;
                }
                assertThat(alive).as("still running while waiting for '%s'; it wrote:%n%s", text, output).isTrue();
                assertThat(System.nanoTime() < deadline).as("'%s' was written in time; so far:%n%s", text, output)
                    .isTrue();
                Thread.sleep(100);
            }
        }

        /** Types a line, as an admin at the process's terminal would, and presses Enter. */
        public void type(String line) throws IOException {
            this.process.getOutputStream().write((line + "\r").getBytes(StandardCharsets.UTF_8));
            this.process.getOutputStream().flush();
        }
    }

    public record Exit(int code, String output) {
    }
}
