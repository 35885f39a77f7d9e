package org.bulkresend.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Jar;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin at a terminal sees the plan of a run before its first change and has to type yes; a
 * script says {@code --yes}, and a schedule (no terminal) is never asked. The packaged jar on a
 * pseudo-terminal, as the admin's shell starts it.
 */
class RunConfirmationIT {

    static final String OPERATOR = "helpdesk@contoso.example";

    static final String OPERATOR_PASSWORD = "Helpdesk-Pass-2026!";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path work;

    Jar jar;

    List<String> run;

    @BeforeEach
    void tenant() throws Exception {
        // A Helpdesk Administrator may reset the three plain users, not the Global Administrator; ghost is unknown.
        Files.writeString(this.work.resolve("directory.csv"), """
                userPrincipalName,displayName,alternateEmail,adminRoles,password
                helpdesk@contoso.example,Helpdesk,helpdesk@example.net,Helpdesk Administrator,%s
                user0@contoso.example,User 0,user0@example.net,,
                user1@contoso.example,User 1,user1@example.net,,
                user2@contoso.example,User 2,user2@example.net,,
                boss@contoso.example,Boss,boss@example.net,Global Administrator,
                """.formatted(OPERATOR_PASSWORD));
        Files.writeString(this.work.resolve("input.csv"), """
                userPrincipalName
                user0@contoso.example
                boss@contoso.example
                user1@contoso.example
                ghost@contoso.example
                user2@contoso.example
                """);
        this.jar = new Jar(this.work, Map.of("BULK_RESEND_DATA_DIR", this.work.resolve("data").toString(),
                "BULK_RESEND_OUT_DIR", this.work.resolve("out").toString(), "BULK_RESEND_PASSWORDS_HASH_COST", "4",
                "BULK_RESEND_OPERATOR_PASSWORD", OPERATOR_PASSWORD));
        assertThat(this.jar.run("directory", "import", "directory.csv").code()).isZero();
        this.run = List.of("run", "--input", "input.csv", "--smtp-host", "127.0.0.1", "--smtp-port",
                String.valueOf(greenMail.getSmtp().getPort()), "--from", OPERATOR, "--operator", OPERATOR);
    }

    @Test
    void theAdminSeesThePlanAndNoChangesNothingWhileYesRunsIt() throws Exception {
        EmbeddedDatabase database = new EmbeddedDatabase(this.work.resolve("data"));
        List<Map<String, Object>> passwords = passwords(database);
        Jar.Started declined = this.jar.startOnTerminal(this.run.toArray(String[]::new));

        String plan = declined.awaitOutput("Type yes to reset 3 users:", 120);
        declined.type("no");
        Jar.Exit no = declined.waitForExit(60);

        assertThat(plan).contains("Directory: the embedded directory", "Operator:  " + OPERATOR,
                "Gives:     temporary passwords",
                "Messages:  SMTP server 127.0.0.1:" + greenMail.getSmtp().getPort() + ", from " + OPERATOR)
            .containsPattern("Users to reset and tell: +3\\r?\\n")
            .containsPattern("Denied \\(the operator may not reset them\\): +1\\r?\\n")
            .containsPattern("Rejected \\(the report will say why\\): +1\\r?\\n");
        assertThat(no.code()).as(no.output()).isZero();
        assertThat(no.output()).contains("Nothing was changed.").doesNotContain("STATUS", "Report:");
        assertThat(database.query("SELECT * FROM BATCH_JOB_EXECUTION")).as("no execution recorded").isEmpty();
        assertThat(database.ledger()).isEmpty();
        assertThat(passwords(database)).as("nobody's password changed").isEqualTo(passwords);
        assertThat(greenMail.getReceivedMessages()).as("no mail").isEmpty();

        // The lock was let go: the same command runs, this time with yes.
        Jar.Started accepted = this.jar.startOnTerminal(this.run.toArray(String[]::new));
        accepted.awaitOutput("Type yes to reset 3 users:", 120);
        accepted.type("yes");
        Jar.Exit yes = accepted.waitForExit(120);

        assertThat(yes.code()).as("finished, with a denial and a rejection: %s", yes.output()).isEqualTo(1);
        assertThat(yes.output()).contains("NOTIFIED", "DENIED_NOT_PERMITTED", "REJECTED_UNKNOWN_USER")
            .doesNotContain("Nothing was changed.");
        assertThat(greenMail.getReceivedMessages()).hasSize(3);
        assertThat(database.passwordHashes()).containsOnlyKeys("user0@contoso.example", "user1@contoso.example",
                "user2@contoso.example");
    }

    @Test
    void aScriptWithYesAndACommandWithoutATerminalAreNotAsked() throws Exception {
        List<String> withYes = new ArrayList<>(this.run);
        withYes.add("--yes");
        Jar.Exit script = this.jar.startOnTerminal(withYes.toArray(String[]::new)).waitForExit(120);

        assertThat(script.code()).as(script.output()).isEqualTo(1);
        assertThat(script.output()).doesNotContain("Type yes", "Before anything changes").contains("NOTIFIED");
        assertThat(greenMail.getReceivedMessages()).hasSize(3);

        // As cron or systemd start it: no terminal, and its input is a pipe nothing is written to.
        List<String> rerun = new ArrayList<>(this.run);
        rerun.add("--rerun");
        Jar.Exit scheduled = this.jar.start(rerun.toArray(String[]::new)).waitForExit(120);

        assertThat(scheduled.code()).as(scheduled.output()).isEqualTo(1);
        assertThat(scheduled.output()).doesNotContain("Type yes", "Before anything changes").contains("NOTIFIED");
        assertThat(greenMail.getReceivedMessages()).hasSize(6);
    }

    private static List<Map<String, Object>> passwords(EmbeddedDatabase database) {
        return database
            .query("SELECT UPN_KEY, PASSWORD_HASH, MUST_CHANGE_PASSWORD FROM DIRECTORY_USER ORDER BY UPN_KEY");
    }
}
