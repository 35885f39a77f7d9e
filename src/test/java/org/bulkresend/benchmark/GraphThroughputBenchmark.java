package org.bulkresend.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.FakeGraph;
import org.bulkresend.support.TestCertificateAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast a run resets users in Microsoft Entra ID when Graph answers as slowly as the real
 * service (each request about 200 ms, with jitter), against the local Graph: users a second, and
 * that rate's share of what bounds it, Graph's write quota (about 20 writes a second for an app in
 * a tenant) or the mail server's rate; end to end, after the application's start-up (from the
 * operator's sign-in), and while resetting, with the time of each phase. Prints its figures; fails
 * only if a run does not do its job, never because the machine was slow. Run with
 * {@code ./mvnw -B verify -Pbenchmark -Dit.test=GraphThroughputBenchmark} (see docs/contributing.md).
 */
class GraphThroughputBenchmark {

    static final int USERS = Integer.getInteger("benchmark.graph-users", 1_000);

    /**
     * The first command in a JVM pays for loading and compiling its code, seconds that a second
     * command does not: a small run goes first, so that both scenarios are measured alike, and its
     * start-up is printed as what a real command (always the first in its JVM) pays on top.
     */
    static final int WARM_UP_USERS = 50;

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
        lines.add(String.format("bulk-resend through Microsoft Graph on %d cores: %d users, %d ms a request (+/- %d ms), "
                + "Graph's write quota %.0f/s", Runtime.getRuntime().availableProcessors(), USERS, LATENCY.toMillis(),
                JITTER.toMillis(), GRAPH_WRITES_PER_SECOND));
        lines.add(scenario("first command (cold JVM)", "password", WARM_UP_USERS));
        lines.add(scenario("passwords", "password", USERS));
        lines.add(scenario("Temporary Access Passes", "tap", USERS));
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println();
    }

    private static Instant instant(Object timestamp) {
        return (timestamp instanceof OffsetDateTime time) ? time.toInstant() : ((Timestamp) timestamp).toInstant();
    }

    /** One run of this many users with this credential, against a fresh Graph and mail sink: two lines of figures. */
    private String scenario(String name, String credential, int users) throws Exception {
        GreenMail sink = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        sink.start();
        try (FakeGraph graph = FakeGraph.start(TENANT, CLIENT)) {
            graph.secret(SECRET);
            graph.user(OPERATOR).roles("Privileged Authentication Administrator");
            List<String> rows = new ArrayList<>(List.of("userPrincipalName"));
            for (int i = 1; i <= users; i++) {
                String upn = "user" + i + "@contoso.com";
                graph.user(upn).otherMails("user" + i + "@home.example");
                rows.add(upn);
            }
            graph.latency(LATENCY, JITTER);
            Path folder = Files.createDirectories(this.work.resolve(credential + "-" + users));
            Path input = Files.write(folder.resolve("input.csv"), rows, StandardCharsets.UTF_8);
            Cli cli = new Cli(folder);
            Instant started = Instant.now();
            Cli.Result result = cli.run("run", "--input", input.toString(), "--directory", "graph", "--tenant-id",
                    TENANT, "--client-id", CLIENT, "--client-secret-file", cli.passwordFile(SECRET), "--graph-url",
                    graph.url(), "--login-url", graph.secureUrl(), "--graph-ca-file",
                    TestCertificateAuthority.caFile().toString(), "--operator", OPERATOR, "--smtp-host", "127.0.0.1",
                    "--smtp-port", String.valueOf(sink.getSmtp().getPort()), "--from", "helpdesk@contoso.com",
                    "--credential", credential, "--quiet");
            Instant ended = Instant.now();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(sink.getReceivedMessages()).hasSize(users);
            Phases phases = Phases.of(new EmbeddedDatabase(cli.dataDir()), started, ended);
            return String.format("  %-24s end to end %s; after start-up %s; resetting %s; at most %d requests at once%n"
                    + "  %-24s start-up and sign-in %.1f s, checks %.1f s, preflight %.1f s, to the first reset %.1f s, "
                    + "resetting %.1f s, report %.1f s", name, rate(users, phases.total()),
                    rate(users, phases.afterStartUp()), rate(users, phases.resetting()), graph.maxConcurrentRequests(),
                    "", seconds(phases.startUp()), seconds(phases.checks()), seconds(phases.preflight()), seconds(phases.toFirstReset()),
                    seconds(phases.resetting()), seconds(phases.report()));
        }
        finally {
            sink.stop();
        }
    }

    /** Seconds, users a second, and their share of the quota. */
    private static String rate(int users, Duration span) {
        double rate = users / seconds(span);
        return String.format("%6.1f s, %5.1f users/s (%4.2f of the quota)", seconds(span), rate,
                rate / GRAPH_WRITES_PER_SECOND);
    }

    private static double seconds(Duration span) {
        return span.toMillis() / 1000.0;
    }

    /**
     * Where a run's time went, from the records it keeps: the operator's sign-in in the audit trail
     * (the JVM's and Spring's start, the app's token and the operator's look-up are before it), the
     * job's preflight in the job repository (the checks before the job, of the input, the mail route
     * and the passes' policy, are before it), the first reset and the last message in the ledger.
     */
    record Phases(Duration total, Duration afterStartUp, Duration startUp, Duration checks, Duration preflight,
            Duration toFirstReset, Duration resetting, Duration report) {

        static Phases of(EmbeddedDatabase database, Instant started, Instant ended) {
            Instant signedIn = instant(database
                .query("SELECT MIN(OCCURRED_AT) AS SIGNED_IN FROM AUDIT_EVENT WHERE ACTION = 'SIGN_IN'")
                .get(0).get("SIGNED_IN"));
            Map<String, Object> preflight = database.query("SELECT START_TIME, END_TIME FROM BATCH_STEP_EXECUTION "
                    + "WHERE STEP_NAME = 'preflight'").get(0);
            Instant jobStarted = instant(preflight.get("START_TIME"));
            Instant preflightEnded = instant(preflight.get("END_TIME"));
            // The resetting itself: from the first user's reset to the last user's message.
            Map<String, Object> span = database.query(
                    "SELECT MIN(RESET_AT) AS FIRST_RESET, MAX(NOTIFIED_AT) AS LAST_TOLD FROM RESEND_LEDGER").get(0);
            Instant firstReset = instant(span.get("FIRST_RESET"));
            Instant lastTold = instant(span.get("LAST_TOLD"));
            return new Phases(Duration.between(started, ended), Duration.between(signedIn, ended),
                    Duration.between(started, signedIn), Duration.between(signedIn, jobStarted),
                    Duration.between(jobStarted, preflightEnded), Duration.between(preflightEnded, firstReset),
                    Duration.between(firstReset, lastTold), Duration.between(lastTold, ended));
        }
    }
}
