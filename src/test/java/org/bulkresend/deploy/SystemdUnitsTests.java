package org.bulkresend.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bulkresend.cli.CommandLines;
import org.bulkresend.cli.ExitCodes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The systemd units in deploy/systemd are the ones docs/operations.md shows, word for word, and they
 * start commands bulk-resend accepts through its launcher, treat as success exactly the exit codes
 * that are not failures of a scheduled run, and give a stopping run time to finish its chunk.
 */
class SystemdUnitsTests {

    static final Path FOLDER = Path.of("deploy", "systemd");

    static final Path OPERATIONS = Path.of("docs", "operations.md");

    @Test
    void operationsShowsEachUnitAsItsFileIs() throws IOException {
        String operations = Files.readString(OPERATIONS, StandardCharsets.UTF_8);

        assertThat(units().keySet()).containsExactlyInAnyOrder("bulk-resend-watch.service", "bulk-resend.service",
                "bulk-resend.timer");
        units().forEach((name, text) -> {
            assertThat(operations).as("%s quoted whole in a block of %s", name, OPERATIONS)
                .contains("```\n" + text + "```\n");
            assertThat(operations).as("%s linked from %s", name, OPERATIONS).contains("](../" + FOLDER + "/" + name + ")");
        });
    }

    @Test
    void eachServiceStartsACommandBulkResendAcceptsThroughItsLauncher() {
        List<List<String>> commands = new ArrayList<>();
        units().forEach((name, text) -> {
            if (name.endsWith(".service")) {
                Map<String, String> service = settings(text);
                List<String> execStart = Arrays.asList(service.get("ExecStart").split(" "));
                assertThat(execStart.get(0)).isEqualTo(service.get("WorkingDirectory") + "/run.sh");
                List<String> args = execStart.subList(1, execStart.size());
                assertThatCode(() -> commands.add(CommandLines.parse(args))).as("%s: %s", name, args)
                    .doesNotThrowAnyException();
                assertThat(service).containsKey("EnvironmentFile").doesNotContainKey("Environment");
            }
        });
        assertThat(commands).containsOnly(List.of("watch"));
        assertThat(Path.of("run.sh")).isExecutable();
    }

    @Test
    void theTimersRoundIsAOneShotThatCountsRowsToLookAtAndTheDailyLimitAsSuccess() {
        Map<String, String> service = settings(units().get("bulk-resend.service"));
        Map<String, String> timer = settings(units().get("bulk-resend.timer"));

        assertThat(timer).containsKey("OnCalendar").doesNotContainKey("Unit");
        assertThat(service).containsEntry("Type", "oneshot")
            .containsEntry("SuccessExitStatus", ExitCodes.PROBLEMS + " " + ExitCodes.DAILY_LIMIT);
        assertThat(service.get("ExecStart")).contains(" --once ");
    }

    @Test
    void theWatchServiceStopsWithSigtermAndWaitsForTheChunkInFlight() {
        Map<String, String> service = settings(units().get("bulk-resend-watch.service"));

        assertThat(service).containsEntry("KillSignal", "SIGTERM").containsEntry("Restart", "on-failure");
        assertThat(Integer.parseInt(service.get("TimeoutStopSec"))).isGreaterThanOrEqualTo(60);
        assertThat(service.get("ExecStart")).doesNotContain(" --once");
    }

    private static Map<String, String> units() {
        Map<String, String> units = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path file : files.sorted().toList()) {
                units.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return units;
    }

    /** A unit's settings, each section's, by name; no setting is given twice in these units. */
    private static Map<String, String> settings(String unit) {
        Map<String, String> settings = new LinkedHashMap<>();
        unit.lines().filter((line) -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("["))
            .forEach((line) -> {
                String[] nameAndValue = line.split("=", 2);
                assertThat(settings.put(nameAndValue[0], nameAndValue[1])).as("%s given once", nameAndValue[0]).isNull();
            });
        return settings;
    }
}
