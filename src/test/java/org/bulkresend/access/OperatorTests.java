package org.bulkresend.access;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Who runs the job, what they may do, and the trail they leave. */
@ExtendWith(OutputCaptureExtension.class)
class OperatorTests {

    static final String PASSWORD = "Operator-Pass-2026!";

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withDirectory("""
            userPrincipalName,displayName,accountState,adminRoles,alternateEmail,password
            helpdesk@contoso.example,Helpdesk Hana,ACTIVE,Helpdesk Administrator,hana@example.net,%1$s
            blocked.admin@contoso.example,Blocked Admin,BLOCKED,Global Administrator,ba@example.net,%1$s
            reader@contoso.example,Report Reader,ACTIVE,Reports Reader,rr@example.net,%1$s
            plain@contoso.example,Plain User,ACTIVE,,plain@example.net,
            useradmin@contoso.example,User Admin,ACTIVE,User Administrator,ua@example.net,
            pwdadmin@contoso.example,Password Admin,ACTIVE,Password Administrator,pa@example.net,
            """.formatted(PASSWORD));

    Path input;

    @BeforeEach
    void input() throws Exception {
        this.input = Files.writeString(fixture.work().resolve("input.csv"), """
                userPrincipalName
                plain@contoso.example
                useradmin@contoso.example
                helpdesk@contoso.example
                pwdadmin@contoso.example
                """);
    }

    Cli.Result run(String operator, String password, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--operator", operator, "--operator-password-file",
                fixture.cli().passwordFile(password)));
        args.addAll(List.of(extra));
        return fixture.run(this.input, args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            nobody@contoso.example        | Operator-Pass-2026! | unknown operator or wrong password | no such user
            helpdesk@contoso.example      | Wrong-Pass-2026!    | unknown operator or wrong password | wrong password
            blocked.admin@contoso.example | Operator-Pass-2026! | the account is blocked             | account BLOCKED
            reader@contoso.example        | Operator-Pass-2026! | holds no role that may reset       | no resetting role
            """)
    void aRefusedOperatorChangesNothingAndIsAudited(String operator, String password, String message, String why) {
        Cli.Result result = run(operator, password);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).startsWith("bulk-resend: Sign-in refused for " + operator).contains(message,
                "Nothing was changed");
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(fixture.database().passwordHashes()).isEmpty();
        assertThat(fixture.database().ledger()).isEmpty();
        assertThat(fixture.database().query("SELECT * FROM BATCH_JOB_INSTANCE")).isEmpty();
        assertThat(fixture.received()).isEmpty();
        List<Map<String, Object>> audit = fixture.database().query("SELECT * FROM AUDIT_EVENT");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0)).containsEntry("OPERATOR", operator).containsEntry("ACTION", "SIGN_IN")
            .containsEntry("OUTCOME", "REFUSED").containsEntry("REASON", why);
    }

    /** End to end, the setting reaches the sign-in; OperatorSignInTests proves the waits themselves. */
    @Test
    void repeatedFailuresAreSlowedDown() {
        String delay = "--bulk-resend.sign-in-failure-delay=400ms";
        run("helpdesk@contoso.example", "Wrong-1-Pass!", delay);

        long start = System.nanoTime();
        Cli.Result second = run("helpdesk@contoso.example", "Wrong-2-Pass!", delay);
        long secondMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(second.exitCode()).isEqualTo(2);
        assertThat(secondMillis).as("the second failure in a row waits before answering").isGreaterThanOrEqualTo(400);
    }

    @Test
    void theMatrixAppliesRowByRowAndEverythingIsAudited(CapturedOutput console) throws Exception {
        Cli.Result dry = run("helpdesk@contoso.example", PASSWORD, "--dry-run");

        assertThat(dry.out()).contains("PREVIEWED                            2", "DENIED_NOT_PERMITTED                 2");

        Cli.Result result = run("helpdesk@contoso.example", PASSWORD);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(console.getAll()).as("preflight says how many will be denied, and why, before any reset")
            .contains("2 rows will be denied for helpdesk@contoso.example",
                    "1 x operators do not reset their own password", "1 x the user holds the User Administrator role");
        Map<String, List<String>> report = Reports.read(result);
        assertThat(report.get("2").get(4)).isEqualTo("NOTIFIED");
        assertThat(report.get("3").get(4)).isEqualTo("DENIED_NOT_PERMITTED");
        assertThat(report.get("3").get(5)).contains("User Administrator role", "a Helpdesk Administrator may not reset");
        assertThat(report.get("4").get(4)).isEqualTo("DENIED_NOT_PERMITTED");
        assertThat(report.get("4").get(5)).contains("use self-service password reset");
        assertThat(report.get("5").get(4)).isEqualTo("NOTIFIED");
        assertThat(fixture.database().passwordHashes()).containsOnlyKeys("plain@contoso.example", "pwdadmin@contoso.example");

        Cli.Result audit = fixture.cli().run("audit", "--operator", "HELPDESK@contoso.example");
        assertThat(audit.exitCode()).isZero();
        assertThat(audit.out()).contains("SIGN_IN  SUCCEEDED", "RESET    SUCCEEDED", "plain@contoso.example",
                "DENIED   DENIED    useradmin@contoso.example", "MESSAGE  SENT      pwdadmin@contoso.example");
        Path csv = fixture.work().resolve("audit.csv");
        Cli.Result export = fixture.cli().run("audit", "--since", "2000-01-01", "--csv", csv.toString());
        assertThat(export.out()).contains("events written to");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("at,operator,action,outcome,target,run,reason");
        assertThat(lines).anyMatch((l) -> l.contains("DENIED,DENIED,helpdesk@contoso.example"));
        assertThat(fixture.cli().run("audit", "--since", "2999-01-01").out().strip().lines()).hasSize(1);
        assertThat(fixture.cli().run("audit", "--since", "yesterday").exitCode()).isEqualTo(2);
    }

    @Test
    void aRefusedSignInIsAuditedWithItsTrueReasonAndNoRunWhileTheConsoleTellsNothingAboutWhoExists() {
        Cli.Result noPassword = run("useradmin@contoso.example", "Anything-2026!");
        Cli.Result wrongPassword = run("helpdesk@contoso.example", "Not-The-Password-1!");

        assertThat(noPassword.exitCode()).isEqualTo(2);
        assertThat(wrongPassword.exitCode()).isEqualTo(2);
        assertThat(noPassword.err()).contains("Sign-in refused for useradmin@contoso.example: unknown operator or "
                + "wrong password.");
        assertThat(wrongPassword.err()).contains("Sign-in refused for helpdesk@contoso.example: unknown operator or "
                + "wrong password.");
        tools.jackson.databind.JsonNode events = tools.jackson.databind.json.JsonMapper.builder().build()
            .readTree(fixture.cli().run("audit", "--json").out());
        Map<String, String> reasons = new java.util.HashMap<>();
        for (tools.jackson.databind.JsonNode event : events) {
            if (event.get("action").asString().equals("SIGN_IN") && event.get("outcome").asString().equals("REFUSED")) {
                reasons.put(event.get("operator").asString(), event.get("reason").asString());
                assertThat(event.get("run").isNull()).as("a sign-in belongs to no run, not to run 0").isTrue();
            }
        }
        assertThat(reasons.get("useradmin@contoso.example")).startsWith("no password of their own");
        assertThat(reasons.get("helpdesk@contoso.example")).isEqualTo("wrong password");
        assertThat(fixture.cli().run("audit").out()).doesNotContainPattern("REFUSED +- +0 ");
    }

    @Test
    void noPasswordReachesTheAuditTrail() throws Exception {
        run("helpdesk@contoso.example", PASSWORD);
        run("helpdesk@contoso.example", "Wrong-Pass-2026!");
        Path csv = fixture.work().resolve("audit.csv");
        fixture.cli().run("audit", "--csv", csv.toString());

        String trail = Files.readString(csv) + fixture.database().query("SELECT * FROM AUDIT_EVENT");
        assertThat(trail.contains(PASSWORD)).isFalse();
        assertThat(trail.contains("Wrong-Pass-2026!")).isFalse();
        for (var message : fixture.received()) {
            assertThat(trail.contains(org.bulkresend.support.Mails.password(message))).isFalse();
        }
    }
}
