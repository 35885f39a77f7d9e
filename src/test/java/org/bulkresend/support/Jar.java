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

    private final AtomicInteger started = new AtomicInteger();

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
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", path().toString()));
        command.addAll(List.of(args));
        Path output = this.workDir.resolve("process-" + this.started.incrementAndGet() + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(this.workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        builder.environment().putAll(this.env);
        return new Started(builder.start(), output);
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
    }

    public record Exit(int code, String output) {
    }
}
