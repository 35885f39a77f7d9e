package org.bulkresend.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image as Jib writes it to a file ({@code docker save}'s layout: {@code manifest.json}, the
 * image's configuration, one gzipped tar per layer), read without a container engine.
 */
public final class ImageTar {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path tar;

    private final JsonNode manifest;

    private ImageTar(Path tar) throws IOException {
        this.tar = tar;
        this.manifest = JSON.readTree(entry("manifest.json")).get(0);
    }

    /** The image the build made for the tests (pom.xml, execution test-image of jib-maven-plugin). */
    public static ImageTar built() throws IOException {
        Path tar = Path.of(System.getProperty("bulkresend.image.tar", "target/image-test/bulk-resend-image.tar"));
        assertThat(tar).as("run `./mvnw verify`: this test reads the image its pre-integration-test phase builds")
            .exists();
        return new ImageTar(tar);
    }

    /** The name and tag the image is loaded under ({@code docker load}). */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        this.manifest.get("RepoTags").forEach((name) -> names.add(name.asString()));
        return names;
    }

    /** The image's run configuration: {@code User}, {@code Entrypoint}, {@code Cmd}, {@code Env}, ... */
    public JsonNode config() throws IOException {
        return JSON.readTree(entry(this.manifest.get("Config").asString())).get("config");
    }

    /** The image's environment, name to value. */
    public Map<String, String> environment() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        config().path("Env").forEach((variable) -> {
            String[] nameAndValue = variable.asString().split("=", 2);
            environment.put(nameAndValue[0], nameAndValue[1]);
        });
        return environment;
    }

    /**
     * Writes the layers' files under {@code root} as a container sees them under {@code /}, and returns every
     * file and folder of the layers by absolute path ({@code /app/libs/}), the last layer's entry for a path
     * winning as in a container.
     */
    public Map<String, TarArchiveEntry> layers(Path root) throws IOException {
        Map<String, TarArchiveEntry> files = new LinkedHashMap<>();
        for (JsonNode layer : this.manifest.get("Layers")) {
            try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(entry(layer.asString())));
                    TarArchiveInputStream in = new TarArchiveInputStream(gzip)) {
                for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    files.put("/" + entry.getName(), entry);
                    if (entry.isFile()) {
                        Path file = root.resolve(entry.getName()).normalize();
                        assertThat(file.startsWith(root)).as("%s stays in %s", entry.getName(), root).isTrue();
                        Files.createDirectories(file.getParent());
                        Files.write(file, in.readAllBytes());
                    }
                }
            }
        }
        return files;
    }

    /** One file of the image tar, found by reading past the others. */
    private byte[] entry(String name) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(this.tar)))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError(name + " is not in " + this.tar);
    }
}
