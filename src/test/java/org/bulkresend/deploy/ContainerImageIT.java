package org.bulkresend.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.bulkresend.BulkResendApplication;
import org.bulkresend.support.ImageTar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image (pom.xml, jib-maven-plugin) is what docs/operations.md promises an admin: it runs
 * as a user that is not root, keeps its data directory and reports on a volume, is configured by the
 * environment with no secret in it, and its entrypoint is bulk-resend's command line, so that
 * {@code docker run IMAGE run --input ...} is {@code ./run.sh run --input ...}. The build makes it on the
 * empty base image ({@code scratch}), since its tests may reach no registry; the configuration and the
 * application's layers are those of the image on the Java runtime, which the entrypoint is run from
 * with this JVM.
 */
class ContainerImageIT {

    static final String VOLUME = "/var/lib/bulk-resend";

    /** The image's files, as the container sees them under {@code /}. */
    @TempDir
    static Path root;

    private static ImageTar image;

    private static Map<String, TarArchiveEntry> files;

    @BeforeAll
    static void readImage() throws IOException {
        image = ImageTar.built();
        files = image.layers(root);
    }

    @Test
    void itIsNamedAfterTheReleaseAndRunsAsAUserThatIsNotRoot() throws IOException {
        JsonNode config = image.config();

        assertThat(image.names()).containsExactly(System.getProperty("bulkresend.image"));
        assertThat(image.names().get(0)).endsWith(":" + releaseVersion());
        String user = config.path("User").asString();
        assertThat(user).as("a numeric uid:gid, so that a platform can check it without the image's /etc/passwd")
            .matches("[0-9]+:[0-9]+");
        assertThat(Arrays.stream(user.split(":")).map(Integer::valueOf)).as("neither uid nor gid is root's")
            .doesNotContain(0);
    }

    @Test
    void theDataDirectoryAndTheReportsAreOnTheVolumeThatIsTheWorkingDirectory() throws IOException {
        JsonNode config = image.config();
        Map<String, String> environment = image.environment();

        assertThat(config.path("Volumes").propertyNames()).containsExactly(VOLUME);
        assertThat(config.path("WorkingDir").asString()).isEqualTo(VOLUME);
        assertThat(environment).containsEntry("BULK_RESEND_DATA_DIR", VOLUME + "/data")
            .containsEntry("BULK_RESEND_OUT_DIR", VOLUME + "/out");
        TarArchiveEntry folder = files.get(VOLUME + "/");
        assertThat(folder).as("the volume's folder in the image").isNotNull();
        assertThat(folder.isDirectory()).isTrue();
        assertThat(folder.getMode() & 0777).as("writable by whatever uid runs the image; bulk-resend's own folders "
                + "in it are owner-only").isEqualTo(0777);
    }

    @Test
    void itsEnvironmentNamesOnlyVariablesBulkResendReadsAndHoldsNoSecret() throws IOException {
        JsonNode config = image.config();
        Map<String, String> environment = image.environment();

        assertThat(environment.keySet()).isSubsetOf(ProductVariables.read());
        assertThat(environment.keySet()).noneMatch((name) -> ProductVariables.SECRET.matcher(name).matches());
        assertThat(config.path("Labels").propertyNames()).as("only the standard descriptions of an image")
            .isNotEmpty()
            .allMatch((label) -> label.startsWith("org.opencontainers.image."))
            .noneMatch((label) -> ProductVariables.SECRET.matcher(label).matches());
    }

    @Test
    void theEntrypointIsBulkResendsCommandLineAndRunsFromTheImagesLayers() throws Exception {
        JsonNode config = image.config();
        List<String> entrypoint = strings(config.path("Entrypoint"));

        assertThat(entrypoint).first().isEqualTo("java");
        assertThat(entrypoint).last().isEqualTo(BulkResendApplication.class.getName());
        assertThat(strings(config.path("Cmd"))).as("with no arguments, the list of commands").containsExactly("help");
        assertThat(files).containsKeys("/app/jib-classpath-file", "/app/libs/picocli-4.7.7.jar");

        Exit version = runEntrypoint(entrypoint, "--version");
        assertThat(version.code()).as(version.output()).isZero();
        assertThat(version.output().strip()).as("the jar Maven built, with its manifest")
            .isEqualTo("bulk-resend " + releaseVersion());
        Exit help = runEntrypoint(entrypoint, strings(config.path("Cmd")).toArray(String[]::new));
        assertThat(help.code()).as(help.output()).isZero();
        assertThat(help.output()).contains("run", "watch", "expire", "status");
    }

    @Test
    void theDemoFindsItsSamplesWhereTheImageSaysTheyAre() throws IOException {
        Path samples = root.resolve(image.environment().get("BULK_RESEND_HOME").substring(1)).resolve("samples");

        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            for (Path sample : files.toList()) {
                assertThat(samples.resolve(sample.getFileName().toString())).hasSameBinaryContentAs(sample);
            }
        }
    }

    /**
     * The image's entrypoint with this JVM's java, on the image's files under {@code root} instead of
     * {@code /}, with the image's environment.
     */
    private static Exit runEntrypoint(List<String> entrypoint, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : entrypoint.subList(1, entrypoint.size())) {
            if (arg.startsWith("@/")) {
                Path argumentFile = root.resolve(arg.substring(2));
                String rooted = Files.readString(argumentFile, StandardCharsets.UTF_8).replace("/app/", root + "/app/");
                Path rootedFile = Files.writeString(root.resolve("rooted-" + argumentFile.getFileName()), rooted,
                        StandardCharsets.UTF_8);
                command.add("@" + rootedFile);
            }
            else {
                command.add(arg);
            }
        }
        command.addAll(List.of(args));
        Path work = Files.createDirectories(root.resolve(image.config().path("WorkingDir").asString().substring(1)));
        Path output = Files.createTempFile(root, "output", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf((name) -> name.startsWith("BULK_RESEND_") || name.startsWith("SPRING_")
                || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS"));
        image.environment().forEach((name, value) -> builder.environment()
            .put(name, value.startsWith("/") ? root + value : value));
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the command ended").isTrue();
        return new Exit(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach((element) -> strings.add(element.asString()));
        return strings;
    }

    /** The project's version, given by pom.xml to the integration tests. */
    static String releaseVersion() {
        String version = System.getProperty("bulkresend.version");
        assertThat(version).as("the system property bulkresend.version (run the test with ./mvnw verify)").isNotBlank();
        return version;
    }

    private record Exit(int code, String output) {
    }
}
