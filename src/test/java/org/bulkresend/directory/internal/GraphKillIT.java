package org.bulkresend.directory.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.FakeGraph;
import org.bulkresend.support.Jar;
import org.bulkresend.support.Mails;
import org.bulkresend.support.TestCertificateAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, configured by environment variables as a schedule would, killed with SIGKILL
 * while Microsoft Graph is in the middle of a reset, then run again: nobody told is reset again,
 * and everyone ends told once the password Graph holds.
 */
class GraphKillIT {

    static final int USERS = 30;

    static final String OPERATOR = "megan.bowen@contoso.com";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path work;

    FakeGraph graph;

    Jar jar;

    String[] run;

    @BeforeEach
    void tenant() throws Exception {
        this.graph = FakeGraph.start("contoso.onmicrosoft.com", "5b0e7c2a-91d4-4f3e-8a6b-c1d2e3f4a5b6");
        this.graph.secret("Xq8~scheduled-run-secret");
        this.graph.user(OPERATOR).roles("User Administrator");
        List<String> rows = new ArrayList<>(List.of("userPrincipalName"));
        for (int i = 1; i <= USERS; i++) {
            this.graph.user("user" + i + "@contoso.com").otherMails("user" + i + "@home.example");
            rows.add("user" + i + "@contoso.com");
        }
        Files.write(this.work.resolve("input.csv"), rows, StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>();
        env.put("BULK_RESEND_DATA_DIR", this.work.resolve("data").toString());
        env.put("BULK_RESEND_OUT_DIR", this.work.resolve("out").toString());
        env.put("BULK_RESEND_DIRECTORY", "graph");
        env.put("BULK_RESEND_GRAPH_TENANT_ID", "contoso.onmicrosoft.com");
        env.put("BULK_RESEND_GRAPH_CLIENT_ID", "5b0e7c2a-91d4-4f3e-8a6b-c1d2e3f4a5b6");
        env.put("BULK_RESEND_GRAPH_CLIENT_SECRET", "Xq8~scheduled-run-secret");
        env.put("BULK_RESEND_GRAPH_GRAPH_URL", this.graph.url());
        env.put("BULK_RESEND_GRAPH_LOGIN_URL", this.graph.secureUrl());
        env.put("BULK_RESEND_GRAPH_CA_FILE", TestCertificateAuthority.caFile().toString());
        this.jar = new Jar(this.work, env);
        this.run = new String[] { "run", "--input", "input.csv", "--operator", OPERATOR, "--smtp-host", "127.0.0.1",
                "--smtp-port", String.valueOf(greenMail.getSmtp().getPort()), "--from", "helpdesk@contoso.com",
                "--chunk-size", "5" };
    }

    @AfterEach
    void stop() {
        this.graph.close();
    }

    @Test
    void killedWhileGraphResetsSomeoneTheSameCommandFinishesWithNobodyResetAfterBeingTold() throws Exception {
        // The 13th reset: the third of the third chunk, after two chunks were told.
        CountDownLatch held = this.graph.blockPatch(13);
        Jar.Started first = this.jar.start(this.run);
        assertThat(held.await(120, TimeUnit.SECONDS)).as("the 13th reset reached Graph").isTrue();
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        int toldBeforeKill = greenMail.getReceivedMessages().length;
        assertThat(toldBeforeKill).as("two whole chunks").isEqualTo(10);
        List<String> toldFirst = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            toldFirst.add(Mails.account(message));
        }

        Jar.Exit finished = this.jar.run(this.run);

        assertThat(finished.code()).as(finished.output()).isZero();
        assertThat(finished.output()).doesNotContain("Xq8~scheduled-run-secret");
        MimeMessage[] all = greenMail.getReceivedMessages();
        assertThat(all).hasSize(USERS);
        Map<String, Integer> told = new HashMap<>();
        for (MimeMessage message : all) {
            String upn = Mails.account(message);
            told.merge(upn, 1, Integer::sum);
            assertThat(Mails.password(message)).as("the password Graph holds for %s", upn)
                .isEqualTo(this.graph.passwordOf(upn));
            assertThat(this.graph.forcedChange(upn)).isTrue();
        }
        assertThat(told).hasSize(USERS).allSatisfy((upn, times) -> assertThat(times).as(upn).isEqualTo(1));
        for (String upn : toldFirst) {
            assertThat(this.graph.resetCount(upn)).as("told before the kill, never reset again: %s", upn).isEqualTo(1);
        }
        assertThat(this.graph.tokensIssued()).as("one token a process").isEqualTo(2);
    }

    @Test
    void killedWhileGraphIssuesPassesTheSameCommandLeavesEveryoneHoldingOnePassTheirNewestMessageCarries()
            throws Exception {
        this.graph.user(OPERATOR).roles("Authentication Administrator");
        String[] passes = java.util.stream.Stream.concat(java.util.Arrays.stream(this.run),
                java.util.stream.Stream.of("--credential", "tap", "--tap-lifetime", "4h")).toArray(String[]::new);
        // The 13th pass: the third of the third chunk, after two chunks were told.
        CountDownLatch held = this.graph.blockTapCreation(13);
        Jar.Started first = this.jar.start(passes);
        assertThat(held.await(120, TimeUnit.SECONDS)).as("the 13th pass reached Graph").isTrue();
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(greenMail.getReceivedMessages()).as("two whole chunks").hasSize(10);
        List<String> toldFirst = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            toldFirst.add(Mails.account(message));
        }

        Jar.Exit finished = this.jar.run(this.run);

        assertThat(finished.code()).as(finished.output()).isZero();
        MimeMessage[] all = greenMail.getReceivedMessages();
        assertThat(all).hasSize(USERS);
        Map<String, MimeMessage> newest = new HashMap<>();
        for (MimeMessage message : all) {
            assertThat(newest.put(Mails.account(message), message)).as("told once").isNull();
        }
        for (int i = 1; i <= USERS; i++) {
            String upn = "user" + i + "@contoso.com";
            FakeGraph.IssuedTap tap = this.graph.tapOf(upn);
            assertThat(tap).as("one pass, valid: %s", upn).isNotNull();
            assertThat(tap.lifetimeInMinutes()).isEqualTo(240);
            assertThat(Mails.password(newest.get(upn))).as("the pass Graph holds for %s", upn).isEqualTo(tap.pass());
            assertThat(this.graph.resetCount(upn)).as("no password changed: %s", upn).isZero();
        }
        for (String upn : toldFirst) {
            assertThat(this.graph.tapsIssued(upn)).as("told before the kill, never issued again: %s", upn)
                .isEqualTo(1);
        }
    }
}
