package org.bulkresend.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.bulkresend.support.Cli;
import org.bulkresend.support.FakeGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast a run resets users in Microsoft Entra ID when Graph answers as slowly as the real
 * service (each request about 200 ms, with jitter), against the local Graph: users a second, and
 * that rate's share of what bounds it, Graph's write quota (about 20 writes a second for an app in
 * a tenant) or the mail server's rate. Prints its figures; fails only if a run does not do its job,
 * never because the machine was slow. Run with {@code ./mvnw -B verify -Pbenchmark
 * -Dit.test=GraphThroughputBenchmark} (see docs/contributing.md).
 */
class GraphThroughputBenchmark {

    static final int USERS = Integer.getInteger("benchmark.graph-users", 1_000);

    static final Duration LATENCY = Duration.ofMillis(Long.getLong("benchmark.graph-latency-ms", 200));

    static final Duration JITTER = LATENCY.dividedBy(4);

    /** Microsoft Graph's documented write quota for one app in one tenant: 3,000 in 150 seconds. */
    static final double GRAPH_WRITES_PER_SECOND = 3_000 / 150.0;

    static final String TENANT = "contoso.onmicrosoft.com";

    static final String CLIENT = "5b0e7c2a-91d4-4f3e-8a6b-c1d2e3f4a5b6";

    static final String SECRET = "Bq8~benchmark-secret";

    static final String OPERATOR = "megan.bowen@contoso.com";

    @TempDir
    Path work;

    @Test
    void measure() throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.icegreen")).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.bulkresend")).setLevel(Level.WARN);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("bulk-resend through Microsoft Graph on %d cores: %d users, %d ms a request (+/- %d ms)",
                Runtime.getRuntime().availableProcessors(), USERS, LATENCY.toMillis(), JITTER.toMillis()));
        lines.add(scenario("passwords", "password"));
        lines.add(scenario("Temporary Access Passes", "tap"));
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println();
    }

    /** One run of every user with this credential, against a fresh Graph and mail sink; its figures in a line. */
    private String scenario(String name, String credential) throws Exception {
        GreenMail sink = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        sink.start();
        try (FakeGraph graph = FakeGraph.start(TENANT, CLIENT)) {
            graph.secret(SECRET);
            graph.user(OPERATOR).roles("Privileged Authentication Administrator");
            List<String> rows = new ArrayList<>(List.of("userPrincipalName"));
            for (int i = 1; i <= USERS; i++) {
                String upn = "user" + i + "@contoso.com";
                graph.user(upn).otherMails("user" + i + "@home.example");
                rows.add(upn);
            }
            graph.latency(LATENCY, JITTER);
            Path folder = Files.createDirectories(this.work.resolve(credential));
            Path input = Files.write(folder.resolve("input.csv"), rows, StandardCharsets.UTF_8);
            Cli cli = new Cli(folder);
            long started = System.nanoTime();
            Cli.Result result = cli.run("run", "--input", input.toString(), "--directory", "graph", "--tenant-id",
                    TENANT, "--client-id", CLIENT, "--client-secret-file", cli.passwordFile(SECRET), "--graph-url",
                    graph.url(), "--login-url", graph.url(), "--operator", OPERATOR, "--smtp-host", "127.0.0.1",
                    "--smtp-port", String.valueOf(sink.getSmtp().getPort()), "--from", "helpdesk@contoso.com",
                    "--credential", credential, "--quiet");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(sink.getReceivedMessages()).hasSize(USERS);
            double rate = USERS / seconds;
            return String.format("  %-24s %7.1f s  %6.1f users/s  %4.2f of Graph's write quota (%.0f/s)  "
                    + "at most %d requests at once", name, seconds, rate, rate / GRAPH_WRITES_PER_SECOND,
                    GRAPH_WRITES_PER_SECOND, graph.maxConcurrentRequests());
        }
        finally {
            sink.stop();
        }
    }
}
