package org.bulkresend.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.bulkresend.cli.CommandLines;
import org.bulkresend.support.ImageTar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * deploy/kubernetes runs the image the build makes, as that image expects: its name and release, its
 * non-root user, its volume for each workload's own data directory, settings from the ConfigMap and
 * secrets only from the Secret, and commands bulk-resend accepts. Nothing here needs a cluster: the
 * manifests are read as YAML and checked against the image and the command line.
 */
class KubernetesManifestsIT {

    static final Path FOLDER = Path.of("deploy", "kubernetes");

    private static final Set<String> WORKLOADS = Set.of("Deployment", "CronJob");

    private static final Map<String, Map<String, Object>> RESOURCES = new HashMap<>();

    private static ImageTar image;

    @BeforeAll
    static void readManifestsAndImage() throws IOException {
        image = ImageTar.built();
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path file : files.filter((path) -> path.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        Map<String, Object> resource = map(document);
                        RESOURCES.put(resource.get("kind") + "/" + name(resource), resource);
                    }
                }
            }
        }
    }

    @Test
    void theKustomizationAppliesEveryManifestAndTheImageTheBuildMakes() throws IOException {
        Map<String, Object> kustomization = resource("Kustomization/");
        List<String> manifests;
        try (Stream<Path> files = Files.list(FOLDER)) {
            manifests = files.map((file) -> file.getFileName().toString())
                .filter((name) -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                .sorted()
                .toList();
        }
        String[] imageName = image.names().get(0).split(":");

        assertThat(RESOURCES.keySet()).containsExactlyInAnyOrder("Kustomization/",
                "ConfigMap/bulk-resend-settings", "ConfigMap/bulk-resend-input", "Secret/bulk-resend-secrets",
                "PersistentVolumeClaim/bulk-resend-watch-data", "PersistentVolumeClaim/bulk-resend-run-data",
                "Deployment/bulk-resend-watch", "CronJob/bulk-resend-run");
        assertThat(strings(kustomization.get("resources"))).containsExactlyInAnyOrderElementsOf(manifests);
        assertThat(list(kustomization.get("images"))).singleElement()
            .satisfies((entry) -> assertThat(map(entry)).containsEntry("name", imageName[0])
                .containsEntry("newTag", imageName[1]));
        for (Map<String, Object> container : containers()) {
            assertThat(container.get("image")).as("the image of %s", container.get("name")).isEqualTo(imageName[0]);
        }
    }

    @Test
    void everyPodRunsAsTheImagesUserWithNothingWritableButItsVolumes() throws IOException {
        String[] user = image.config().path("User").asString().split(":");

        for (Map<String, Object> pod : pods()) {
            assertThat(map(pod.get("securityContext"))).containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", Integer.valueOf(user[0]))
                .containsEntry("runAsGroup", Integer.valueOf(user[1]))
                .containsEntry("fsGroup", Integer.valueOf(user[1]));
            for (Object container : list(pod.get("containers"))) {
                assertThat(map(map(container).get("securityContext"))).containsEntry("readOnlyRootFilesystem", true)
                    .containsEntry("allowPrivilegeEscalation", false);
            }
        }
    }

    @Test
    void eachWorkloadHasItsOwnClaimOnTheImagesVolume() throws IOException {
        String volume = image.config().path("Volumes").propertyNames().iterator().next();
        List<String> claims = new ArrayList<>();

        for (Map<String, Object> pod : pods()) {
            Map<String, Map<String, Object>> volumes = new HashMap<>();
            list(pod.get("volumes")).forEach((entry) -> volumes.put(name(map(entry)), map(entry)));
            Map<String, String> mounts = new HashMap<>();
            for (Object container : list(pod.get("containers"))) {
                list(map(container).get("volumeMounts"))
                    .forEach((mount) -> mounts.put((String) map(mount).get("mountPath"), name(map(mount))));
            }
            assertThat(mounts).containsKeys(volume, "/tmp");
            String claim = (String) map(volumes.get(mounts.get(volume)).get("persistentVolumeClaim")).get("claimName");
            assertThat(RESOURCES).containsKey("PersistentVolumeClaim/" + claim);
            claims.add(claim);
            assertThat(volumes.get(mounts.get("/tmp"))).containsKey("emptyDir");
        }
        assertThat(claims).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void settingsComeFromTheConfigMapAndSecretsFromTheSecretByVariablesBulkResendReads() {
        Set<String> read = ProductVariables.read();
        Map<String, Object> settings = resource("ConfigMap/bulk-resend-settings");
        Map<String, Object> secrets = resource("Secret/bulk-resend-secrets");

        assertThat(map(settings.get("data")).keySet()).isSubsetOf(read)
            .contains("BULK_RESEND_DATABASE_URL", "BULK_RESEND_DATABASE_USER")
            .noneMatch((name) -> ProductVariables.SECRET.matcher(name).matches());
        assertThat(map(secrets.get("stringData")).keySet()).isSubsetOf(read)
            .contains("SPRING_MAIL_PASSWORD", "BULK_RESEND_DATABASE_PASSWORD");
        for (Map<String, Object> container : containers()) {
            for (Object from : list(container.get("envFrom"))) {
                assertThat(name(map(map(from).get("configMapRef")))).isEqualTo(name(settings));
            }
            Set<String> names = new TreeSet<>();
            for (Object entry : list(container.get("env"))) {
                Map<String, Object> variable = map(entry);
                String name = name(variable);
                names.add(name);
                assertThat(read).as("a variable bulk-resend reads").contains(name);
                Map<String, Object> reference = map(map(variable.get("valueFrom")).get("secretKeyRef"));
                assertThat(reference).as("%s comes from a Secret", name).isNotEmpty().containsEntry("key", name);
                Map<String, Object> secret = resource("Secret/" + name(reference));
                if (!Boolean.TRUE.equals(reference.get("optional"))) {
                    assertThat(map(secret.get("stringData"))).as("the Secret's keys").containsKey(name);
                }
            }
            assertThat(names).as("every secret variable bulk-resend reads from the environment")
                .containsAll(read.stream().filter((name) -> ProductVariables.SECRET.matcher(name).matches())
                    .filter(map(secrets.get("stringData"))::containsKey)
                    .toList());
        }
    }

    @Test
    void theWorkloadsRunCommandsBulkResendAccepts() {
        Map<String, Object> watch = resource("Deployment/bulk-resend-watch");
        Map<String, Object> cronJob = resource("CronJob/bulk-resend-run");
        Map<String, Object> runSpec = map(cronJob.get("spec"));

        assertThat(map(watch.get("spec"))).containsEntry("replicas", 1);
        assertThat(map(map(watch.get("spec")).get("strategy"))).containsEntry("type", "Recreate");
        assertThat(runSpec).containsEntry("concurrencyPolicy", "Forbid")
            .as("shipped suspended until the admin's file is in input.yaml").containsEntry("suspend", true);
        List<List<String>> commands = new ArrayList<>();
        for (Map<String, Object> container : containers()) {
            assertThat(container).as("the image's entrypoint runs; the manifest gives only the arguments")
                .doesNotContainKey("command");
            List<String> args = strings(container.get("args"));
            assertThatCode(() -> commands.add(CommandLines.parse(args))).as("%s", args).doesNotThrowAnyException();
        }
        assertThat(commands).containsExactlyInAnyOrder(List.of("watch"), List.of("run"));
    }

    @Test
    void theCronJobsInputIsTheFileOfTheInputConfigMap() {
        Map<String, Object> pod = podOf(resource("CronJob/bulk-resend-run"));
        Map<String, Object> container = map(list(pod.get("containers")).get(0));
        List<String> args = strings(container.get("args"));
        Path input = Path.of(args.get(args.indexOf("--input") + 1));
        Map<String, Object> mount = list(container.get("volumeMounts")).stream()
            .map(KubernetesManifestsIT::map)
            .filter((candidate) -> input.getParent().equals(Path.of((String) candidate.get("mountPath"))))
            .findFirst()
            .orElseThrow();
        Map<String, Object> volume = list(pod.get("volumes")).stream()
            .map(KubernetesManifestsIT::map)
            .filter((candidate) -> name(candidate).equals(name(mount)))
            .findFirst()
            .orElseThrow();
        Map<String, Object> configMap = resource("ConfigMap/" + name(map(volume.get("configMap"))));

        assertThat(mount).containsEntry("readOnly", true);
        assertThat(map(configMap.get("data"))).containsKey(input.getFileName().toString());
    }

    private static List<Map<String, Object>> pods() {
        return RESOURCES.values().stream().filter((resource) -> WORKLOADS.contains(resource.get("kind")))
            .map(KubernetesManifestsIT::podOf).toList();
    }

    private static Map<String, Object> podOf(Map<String, Object> workload) {
        Map<String, Object> spec = map(workload.get("spec"));
        Map<String, Object> template = "CronJob".equals(workload.get("kind"))
                ? map(map(map(spec.get("jobTemplate")).get("spec")).get("template")) : map(spec.get("template"));
        return map(template.get("spec"));
    }

    private static List<Map<String, Object>> containers() {
        return pods().stream().flatMap((pod) -> list(pod.get("containers")).stream()).map(KubernetesManifestsIT::map)
            .toList();
    }

    private static Map<String, Object> resource(String kindAndName) {
        assertThat(RESOURCES).as("the resources in " + FOLDER).containsKey(kindAndName);
        return RESOURCES.get(kindAndName);
    }

    private static String name(Map<String, Object> resource) {
        Object metadata = resource.get("metadata");
        return Objects.toString((metadata != null) ? map(metadata).get("name") : resource.get("name"), "");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (value != null) ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (value != null) ? (List<Object>) value : List.of();
    }

    static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }
}
