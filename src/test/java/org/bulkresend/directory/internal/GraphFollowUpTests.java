package org.bulkresend.directory.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code followup} and {@code expire} with {@code --directory graph}: a user has replaced their
 * temporary password when Graph's {@code lastPasswordChangeDateTime} is after they were told, and an
 * expired one is replaced by a {@code PATCH} of a random password, against a local Graph over HTTP.
 */
class GraphFollowUpTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture
        .withGraph(GraphRunTests.TENANT, GraphRunTests.CLIENT, GraphRunTests.SECRET)
        .sender("helpdesk@contoso.com");

    @BeforeEach
    void tenant() throws Exception {
        fixture.graph().user(GraphRunTests.OPERATOR).displayName("Megan Bowen").mail(GraphRunTests.OPERATOR)
            .roles("User Administrator");
        List<String> lines = new ArrayList<>(List.of("userPrincipalName"));
        for (int i = 1; i <= 4; i++) {
            fixture.graph().user(upn(i)).displayName("User " + i).otherMails("user" + i + "@home.example");
            lines.add(upn(i));
        }
        Files.write(fixture.work().resolve("new-hires.csv"), lines, StandardCharsets.UTF_8);
    }

    static String upn(int i) {
        return "user" + i + "@contoso.com";
    }

    Cli.Result command(String command, String... extra) {
        return fixture.graphCommand(GraphRunTests.OPERATOR, command, extra);
    }

    Map<String, String> told() throws Exception {
        Map<String, String> told = new HashMap<>();
        for (MimeMessage message : fixture.received()) {
            told.put(Mails.account(message), Mails.password(message));
        }
        return told;
    }

    /** As if this much time had passed, for bulk-resend's records and for Graph's. */
    void timePasses(Duration duration) {
        new EmbeddedDatabase(fixture.cli().dataDir()).timePasses(duration);
        fixture.graph().timePasses(duration);
    }

    @Test
    void followupAsksGraphWhoChangedTheirPasswordAndExpireReplacesOnlyTheUnusedExpiredOnes() throws Exception {
        Cli.Result run = command("run", "--input", fixture.work().resolve("new-hires.csv").toString(),
                "--temp-password-ttl", "72h");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Map<String, String> told = told();
        timePasses(Duration.ofMinutes(10)); // Graph keeps whole seconds: a change in the same second would not show
        fixture.graph().userChangesPassword(upn(1), "Chosen-By-User-1!");
        timePasses(Duration.ofDays(4));
        fixture.graph().userChangesPassword(upn(2), "Chosen-Later-By-User-2!");

        Cli.Result followup = command("followup", "--older-than", "3d");

        assertThat(followup.exitCode()).as(followup.toString()).isZero();
        assertThat(followup.out()).contains("2 users told a temporary password more than 3d ago have not replaced it")
            .contains(upn(3), upn(4)).doesNotContain(upn(1) + " ", upn(2) + " ");
        assertThat(fixture.graph().requests()).anySatisfy((request) -> assertThat(request.query("$select"))
            .contains("lastPasswordChangeDateTime"));

        Cli.Result expire = command("expire");

        assertThat(expire.exitCode()).as(expire.toString()).isZero();
        assertThat(expire.out()).contains("Replaced 2 expired temporary passwords");
        for (int i : new int[] { 3, 4 }) {
            assertThat(fixture.graph().passwordOf(upn(i))).as("user %d", i).isNotEqualTo(told.get(upn(i))).hasSize(64);
            assertThat(fixture.graph().forcedChange(upn(i))).isTrue();
            assertThat(fixture.graph().resetCount(upn(i))).isEqualTo(2);
        }
        assertThat(fixture.graph().passwordOf(upn(1))).isEqualTo("Chosen-By-User-1!");
        assertThat(fixture.graph().passwordOf(upn(2))).isEqualTo("Chosen-Later-By-User-2!");
        assertThat(fixture.graph().resetCount(upn(1))).isEqualTo(1);

        Cli.Result after = command("followup", "--older-than", "3d");
        assertThat(after.out()).containsPattern(upn(3) + " +expired ").containsPattern(upn(4) + " +expired ");
    }

    @Test
    void anExpireGraphStopsAnsweringIsFinishedByTheNextAndARefusedReplacementKeepsTheToldPassword() throws Exception {
        Cli.Result run = command("run", "--input", fixture.work().resolve("new-hires.csv").toString(),
                "--temp-password-ttl", "1h");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Map<String, String> told = told();
        timePasses(Duration.ofHours(2));
        fixture.graph().dropConnections("PATCH", 100);

        Cli.Result down = command("expire", "--bulk-resend.graph.retries=1");

        assertThat(down.exitCode()).as(down.toString()).isEqualTo(3);
        assertThat(down.err()).contains("The directory stopped answering while expired temporary passwords were "
                + "being replaced", "Run 'expire' again once it answers");
        EmbeddedDatabase database = new EmbeddedDatabase(fixture.cli().dataDir());
        assertThat(database.query("SELECT STATUS FROM RESEND_LEDGER")).extracting((row) -> row.get("STATUS"))
            .containsOnly("NOTIFIED");
        assertThat(database.query("SELECT * FROM RESEND_LEDGER WHERE EXPIRED_AT IS NOT NULL"))
            .as("the intent stays where Graph did not answer, so the next expire replaces it").isNotEmpty();

        fixture.graph().heal();
        fixture.graph().banPasswords(upn(1));
        Cli.Result after = command("expire");

        assertThat(after.exitCode()).as(after.toString()).isEqualTo(1);
        assertThat(after.out()).contains("Replaced 3 expired temporary passwords", "Not replaced (1):",
                upn(1) + ": ");
        assertThat(fixture.graph().passwordOf(upn(1))).as("refused: the told password still works")
            .isEqualTo(told.get(upn(1)));
        for (int i = 2; i <= 4; i++) {
            assertThat(fixture.graph().passwordOf(upn(i))).as("user %d", i).isNotEqualTo(told.get(upn(i))).hasSize(64);
        }
        assertThat(database.query("SELECT UPN_KEY, STATUS, EXPIRED_AT FROM RESEND_LEDGER ORDER BY UPN_KEY"))
            .extracting((row) -> row.get("UPN_KEY") + " " + row.get("STATUS") + " " + (row.get("EXPIRED_AT") != null))
            .containsExactly(upn(1) + " NOTIFIED false", upn(2) + " EXPIRED true", upn(3) + " EXPIRED true",
                    upn(4) + " EXPIRED true");
        assertThat(database.query("SELECT TARGET FROM AUDIT_EVENT WHERE ACTION = 'EXPIRE' AND OUTCOME = 'REPLACED'"))
            .hasSize(3);
    }
}
