package org.bulkresend.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check} on the embedded Contoso directory and a real SMTP server (GreenMail) behind a relay
 * that answers as misconfigured servers do: each thing a run needs gets a ✓ or a ✗ line saying what
 * to do, the exit code says whether a run would get past them all, and nothing changes: nobody's
 * password, no run recorded, no message to a user, no data directory made.
 */
class CheckCommandTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso().withRelay();

    /** {@code check} with the SMTP options of the relay, signing in as Contoso's Global Administrator. */
    Cli.Result check(String... extra) {
        return check(fixture.cli(), extra);
    }

    Cli.Result check(Cli cli, String... extra) {
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(fixture.smtpOptions());
        args.addAll(Arrays.asList(extra));
        return cli.run(args.toArray(String[]::new));
    }


    /** Nobody's password changed, no run and no ledger row was recorded, no message reached a user. */
    static void nothingChanged(Map<String, String> passwordsBefore) {
        assertThat(fixture.database().passwordHashes()).isEqualTo(passwordsBefore);
        assertThat(fixture.database().query("SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION")).isEmpty();
        assertThat(fixture.database().ledger()).isEmpty();
        assertThat(fixture.database().query("SELECT ACTION FROM AUDIT_EVENT WHERE ACTION IN ('RESET', 'MESSAGE')"))
            .isEmpty();
        assertThat(fixture.received()).isEmpty();
    }

    @Test
    void whenEverythingWorksEachCheckHasItsTickAndNothingChanges() {
        Map<String, String> before = fixture.database().passwordHashes();

        Cli.Result result = check();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.checkLine("database")).startsWith("✓")
            .contains("the embedded database in " + fixture.cli().dataDir(), "reachable, writable, schema version 3");
        assertThat(result.checkLine("directory read")).startsWith("✓").contains("the embedded directory answers a look-up");
        assertThat(result.checkLine("operator")).isEqualTo("✓ operator: adele.vance@contoso.example (Adele Vance): active, "
                + "Global Administrator; may reset anyone but themselves");
        assertThat(result.checkLine("mail")).startsWith("✓").contains("SMTP server 127.0.0.1:" + fixture.smtpPort(),
                "the sender was accepted");
        assertThat(result.checkLine("sending limits")).isEqualTo("✓ sending limits: no pace set; no daily limit");
        assertThat(result.checkLine("templates")).startsWith("✓").contains("every language (en it sv fr zh-TW ja)",
                "the password shows in every combination");
        assertThat(result.out()).endsWith("Everything a run needs works. Nothing was changed.\n")
            .doesNotContain("✗", "input");
        assertThat(result.err()).isEmpty();
        assertThat(fixture.relay().commands()).contains("1 MAIL FROM:<helpdesk@contoso.example>", "1 RSET")
            .noneMatch((command) -> command.startsWith("1 RCPT") || command.startsWith("1 DATA"));
        nothingChanged(before);
    }

    @Test
    void aSenderTheServerRefusesIsACrossWithWhatToDo() {
        Map<String, String> before = fixture.database().passwordHashes();
        fixture.relay().answer("MAIL FROM", "550 5.7.60 SMTP; Client does not have permissions to send as this sender");

        Cli.Result result = check();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.checkLine("mail")).startsWith("✗ mail: The mail server 127.0.0.1:" + fixture.smtpPort()
                + " refused the sender helpdesk@contoso.example (550 5.7.60")
            .contains(" — do this: correct the mail setting the line names");
        assertThat(result.checkLine("operator")).startsWith("✓");
        assertThat(result.out()).endsWith("1 of 6 checks failed: a run would not get past it. Nothing was changed.\n");
        assertThat(result.all()).doesNotContain("Exception", "\tat ");
        nothingChanged(before);
    }

    @Test
    void credentialsTheServerRefusesAreACrossAndThePasswordIsShownNowhere() throws IOException {
        String password = "Sm7p-Secret-Never-Shown";
        Path mailSettings = Files.writeString(fixture.work().resolve("mail.properties"),
                "spring.mail.username=helpdesk\nspring.mail.password=" + password + "\n");
        fixture.relay().answer("AUTH", "535 5.7.3 Authentication unsuccessful");

        Cli.Result result = check("--spring.config.additional-location=" + mailSettings);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.checkLine("mail")).startsWith("✗ mail: The mail server 127.0.0.1:" + fixture.smtpPort()
                + " refused the credentials").contains("535 5.7.3", "— do this:");
        assertThat(fixture.relay().commands()).anyMatch((command) -> command.startsWith("1 AUTH"))
            .noneMatch((command) -> command.contains("MAIL FROM"));
        assertThat(result.all()).doesNotContain(password);
        assertThat(Files.readString(fixture.cli().dataDir().resolve("logs").resolve("bulk-resend.log")))
            .doesNotContain(password);
    }

    @Test
    void aMailServerThatDoesNotListenIsACrossAndTheOtherChecksStillRun() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        Cli.Result result = fixture.cli().run("check", "--smtp-host", "127.0.0.1", "--smtp-port", String.valueOf(closed),
                "--from", BulkResendFixture.SENDER);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.checkLine("mail")).startsWith("✗ mail: The mail server 127.0.0.1:" + closed + " does not answer")
            .contains("— do this: make sure the mail server answers from this machine, then check again");
        assertThat(result.checkLine("operator")).startsWith("✓");
        assertThat(result.checkLine("templates")).startsWith("✓");
    }

    @Test
    void aTemplateThatLosesThePasswordIsACrossNamingTheFile() throws IOException {
        Path templates = fixture.work().resolve("templates");
        Path file = Files.createDirectories(templates.resolve("en")).resolve("message.txt");
        Files.writeString(file, "Hello [(${displayName})],\nsign in at [(${signInUrl})].\n", StandardCharsets.UTF_8);

        Cli.Result result = check("--templates", templates.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.checkLine("templates")).startsWith("✗ templates: The template " + file)
            .contains("does not show the password", "— do this: correct the template the line names");
        assertThat(result.checkLine("mail")).startsWith("✓");
    }

    @Test
    void withAnInputFileItCountsWhatARunWouldDoWithoutPreviewsOrReport() {
        Map<String, String> before = fixture.database().passwordHashes();

        Cli.Result result = check("--input", Contoso.NEW_HIRES.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.checkLine("input")).startsWith("✓ input: " + Contoso.NEW_HIRES.toAbsolutePath().normalize())
            .contains("34 rows (1 invalid, 1 repeating an earlier user)");
        assertThat(result.checkLine("input counts")).isEqualTo("✓ input counts: 26 would be reset and told, 0 denied (the "
                + "operator may not reset them), 8 rejected ('run --dry-run' writes each message and the report)");
        assertThat(fixture.cli().outDir()).doesNotExist();
        nothingChanged(before);
    }

    @Test
    void todaysUseOfTheDailyLimitIsCountedFromTheAuditTrail() {
        Cli.Result run = fixture.run(Contoso.NEW_HIRES);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);

        Cli.Result roomLeft = check("--daily-limit", "100", "--rate", "30/min");
        Cli.Result full = check("--daily-limit", "30");

        assertThat(roomLeft.exitCode()).as(roomLeft.toString()).isZero();
        assertThat(roomLeft.checkLine("sending limits")).isEqualTo("✓ sending limits: at most 30/min; daily limit 100: 26 sent in the last 24 hours, 74 left");
        assertThat(full.exitCode()).as(full.toString()).isEqualTo(2);
        assertThat(full.checkLine("sending limits")).startsWith("✗ sending limits: no pace set; daily limit 30: 26 sent in "
                + "the last 24 hours, 4 left, less than a chunk of 30: a run would stop before its first reset — do "
                + "this: run later");
        // A pool: each mailbox's own use, the room of all of them together.
        Cli.Result pool = fixture.cli().run("check", "--smtp-host", "127.0.0.1", "--smtp-port",
                String.valueOf(fixture.smtpPort()), "--from", BulkResendFixture.SENDER + ",it2@contoso.example",
                "--daily-limit", "60", "--rate", "30/min");
        assertThat(pool.exitCode()).as(pool.toString()).isZero();
        assertThat(pool.checkLine("sending limits")).isEqualTo("✓ sending limits: " + BulkResendFixture.SENDER
                + ": 26 of 60 messages in the last 24 hours, at most 30/min; it2@contoso.example: 0 of 60 messages "
                + "in the last 24 hours, at most 30/min; 94 left in all");
    }

    @Test
    void jsonGivesScriptsEachCheckWithOkDetailAndTodo() {
        fixture.relay().answer("MAIL FROM", "550 5.7.1 Sender refused");

        Cli.Result result = check("--json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        JsonNode checks = JsonMapper.builder().build().readTree(result.out());
        assertThat(checks.isArray()).isTrue();
        assertThat(checks.size()).isEqualTo(6);
        for (JsonNode check : checks) {
            assertThat(check.propertyNames()).containsExactly("check", "ok", "detail", "todo");
            assertThat(check.get("todo").isNull()).as(check.toString()).isEqualTo(check.get("ok").asBoolean());
        }
        assertThat(checks.get(0).get("check").asString()).isEqualTo("database");
        JsonNode mail = checks.valueStream().filter((check) -> check.get("check").asString().equals("mail"))
            .findFirst().orElseThrow();
        assertThat(mail.get("ok").asBoolean()).isFalse();
        assertThat(mail.get("detail").asString()).contains("550 5.7.1 Sender refused");
    }

    @Test
    void aDataDirectoryThatDoesNotExistIsNotCreated() throws IOException {
        Cli fresh = new Cli(Files.createDirectories(fixture.work().resolve("fresh")));

        Cli.Result result = check(fresh, "--daily-limit", "100");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.checkLine("sending limits")).isEqualTo("✓ sending limits: no pace set; daily limit 100: 0 sent "
                + "in the last 24 hours, 100 left");
        assertThat(result.checkLine("database")).isEqualTo("✓ database: no data directory at " + fresh.dataDir()
                + " yet: the first run creates it and its embedded database");
        assertThat(result.checkLine("operator")).startsWith("✗ operator: Sign-in refused for adele.vance@contoso.example");
        assertThat(result.checkLine("mail")).startsWith("✓");
        assertThat(fresh.dataDir()).doesNotExist();
    }

    @Test
    void aMistakeInTheOptionsIsAUsageErrorWithoutAStackTrace() {
        Cli.Result result = check("--max-invalid-percent", "140");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--max-invalid-percent must be between 0 and 100").doesNotContain("\tat ");
        assertThat(result.out()).isEmpty();
    }
}
