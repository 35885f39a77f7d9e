package org.bulkresend.instance;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Jar;
import org.bulkresend.support.Mails;
import org.bulkresend.support.PostgresServer;
import org.bulkresend.support.SmtpRelay;
import org.bulkresend.support.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances of the packaged jar, each with its own working folder (data directory) as on
 * its own machine, sharing one PostgreSQL database: one instance at a time runs a file, a second is
 * told which one does, a run whose instance was killed is taken over by another, and two files
 * that name the same users, run at once by two instances, tell each user once (design: 'no double
 * reset').
 */
class SharedDatabaseIT {

    private static final int USERS = 40;

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path work;

    private PostgresServer.Database database;

    private SmtpRelay relay;

    @BeforeEach
    void tenant() throws Exception {
        this.database = PostgresServer.shared().newDatabase();
        this.relay = new SmtpRelay(greenMail.getSmtp().getPort());
        Tenant.write(this.work, USERS);
        assertThat(instance("a").run("directory", "import", "directory.csv").code()).isZero();
    }

    /** An instance with a working folder of its own, as on its own machine. */
    private Jar instance(String name) throws IOException {
        Path folder = Files.createDirectories(this.work.resolve("instance-" + name));
        return new Jar(this.work, Map.of("BULK_RESEND_DATA_DIR", folder.resolve("data").toString(),
                "BULK_RESEND_OUT_DIR", folder.resolve("out").toString(), "BULK_RESEND_PASSWORDS_HASH_COST", "4",
                "BULK_RESEND_OPERATOR_PASSWORD", Tenant.OPERATOR_PASSWORD, "BULK_RESEND_DATABASE_URL",
                this.database.url(), "BULK_RESEND_DATABASE_USER", PostgresServer.USER,
                "BULK_RESEND_DATABASE_PASSWORD", PostgresServer.PASSWORD));
    }

    private String[] run(String input) {
        return new String[] { "run", "--input", input, "--smtp-host", "127.0.0.1", "--smtp-port",
                String.valueOf(this.relay.port()), "--from", "helpdesk@contoso.example", "--chunk-size", "5",
                "--operator", Tenant.OPERATOR };
    }

    @Test
    void aSecondInstanceGivenTheFileWhileTheFirstRunsItIsRefusedNamingTheFirst() throws Exception {
        AtomicReference<Jar.Exit> second = new AtomicReference<>();
        Jar b = instance("b");
        // While the first instance waits for the server's answer to its 10th message, the second is given the file.
        this.relay.beforeMessage(10, () -> {
            try {
                second.set(b.run(run("input.csv")));
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        Jar.Started first = instance("a").start(run("input.csv"));
        Jar.Exit firstExit = first.waitForExit(300);

        assertThat(firstExit.code()).as(firstExit.output()).isZero();
        assertThat(second.get().code()).as(second.get().output()).isEqualTo(2);
        assertThat(second.get().output()).contains("Another bulk-resend instance (process " + first.process().pid()
                + " on ").contains("is running this file on the same database").contains("Nothing was changed.");
        Mails.assertEachToldOnceWithTheirPassword(greenMail.getReceivedMessages(), database(), USERS);
    }

    @Test
    void twoInstancesGivenTheFileAtOnceRunItOnce() throws Exception {
        Files.createDirectories(this.work.resolve("b"));
        Files.copy(this.work.resolve("input.csv"), this.work.resolve("b/input.csv"));
        Jar.Started a = instance("a").start(run("input.csv"));
        Jar.Started b = instance("b").start(run("b/input.csv"));
        List<Jar.Exit> exits = List.of(a.waitForExit(300), b.waitForExit(300));

        // One ran it; the other was refused while it ran, or found it finished: either way it changed nothing.
        assertThat(exits.stream().filter((exit) -> exit.output().contains("finished: every row was handled")))
            .hasSize(1);
        assertThat(exits).allSatisfy((exit) -> assertThat(exit.code()).as(exit.output()).isIn(0, 2));
        assertThat(exits.stream().filter((exit) -> exit.code() == 2))
            .allSatisfy((exit) -> assertThat(exit.output()).contains("is running this file on the same database"));
        Mails.assertEachToldOnceWithTheirPassword(greenMail.getReceivedMessages(), database(), USERS);
        assertThat(database().query("SELECT COUNT(*) AS N FROM BATCH_JOB_INSTANCE").get(0).get("N")).isEqualTo(1L);
    }

    @Test
    void anotherInstanceTakesOverTheRunOfAnInstanceKilledMidMessage() throws Exception {
        CountDownLatch inFlight = this.relay.holdMessage(18);
        Jar.Started first = instance("a").start(run("input.csv"));
        assertThat(inFlight.await(120, TimeUnit.SECONDS)).as("the first instance sent its 18th message").isTrue();
        first.process().destroyForcibly().waitFor();

        // Another machine, its own copy of the file in its own folder.
        Files.createDirectories(this.work.resolve("b"));
        Files.copy(this.work.resolve("input.csv"), this.work.resolve("b/input.csv"));
        Jar b = instance("b");
        Jar.Exit exit = b.run(run("b/input.csv"));
        for (int attempt = 0; exit.code() == 2 && attempt < 30; attempt++) {
            // The server notices the killed instance's closed connection at once, but give it a moment.
            Thread.sleep(1000);
            exit = b.run(run("b/input.csv"));
        }

        assertThat(exit.code()).as(exit.output()).isZero();
        assertThat(exit.output()).contains("finished: every row was handled");
        // The message in flight never reached the server: every user was told exactly once, with the password the
        // directory holds, and nobody was reset twice for it.
        Mails.assertEachToldOnceWithTheirPassword(greenMail.getReceivedMessages(), database(), USERS);
        assertThat(database().ledger()).hasSize(USERS)
            .allSatisfy((row) -> assertThat(row.get("STATUS")).isEqualTo("NOTIFIED"));
        assertThat(database().query("SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID"))
            .extracting((row) -> row.get("STATUS")).containsExactly("FAILED", "COMPLETED");
    }

    @Test
    void twoFilesNamingTheSameUsersRunAtOnceByTwoInstancesTellEachUserOnce() throws Exception {
        // The first names users 0 to 29, the second 39 down to 10: they meet among users 10 to 29.
        write("first.csv", IntStream.range(0, 30).boxed().toList());
        write("second.csv", IntStream.range(10, 40).map((i) -> 49 - i).boxed().toList());
        Jar.Started a = instance("a").start(run("first.csv"));
        Jar.Started b = instance("b").start(run("second.csv"));
        Jar.Exit exitA = a.waitForExit(300);
        Jar.Exit exitB = b.waitForExit(300);

        assertThat(exitA.code()).as(exitA.output()).isZero();
        assertThat(exitB.code()).as(exitB.output()).isZero();
        Mails.assertEachToldOnceWithTheirPassword(greenMail.getReceivedMessages(), database(), USERS);
        Map<String, List<String>> statuses = new HashMap<>();
        database().ledger().forEach((row) -> statuses.computeIfAbsent((String) row.get("UPN_KEY"),
                (user) -> new ArrayList<>()).add((String) row.get("STATUS")));
        for (int i = 10; i < 30; i++) {
            assertThat(statuses.get(Tenant.upn(i))).as(Tenant.upn(i))
                .containsExactlyInAnyOrder("NOTIFIED", "SKIPPED_ALREADY_NOTIFIED");
        }
    }

    @Test
    void twoInstancesSendingFromOneMailboxKeepWithinItsRateAndDailyLimitTogether() throws Exception {
        // Two different files (a file runs in one instance at a time), one mailbox: at most 30 messages a day and
        // 240 a minute (one every 250 ms) between them.
        write("first.csv", IntStream.range(0, 20).boxed().toList());
        write("second.csv", IntStream.range(20, 40).boxed().toList());
        String[] quota = { "--rate", "240/min", "--daily-limit", "30" };
        Jar.Started a = instance("a").start(concat(run("first.csv"), quota));
        Jar.Started b = instance("b").start(concat(run("second.csv"), quota));
        List<Jar.Exit> exits = List.of(a.waitForExit(300), b.waitForExit(300));

        assertThat(exits).allSatisfy((exit) -> assertThat(exit.code()).as(exit.output()).isIn(0, 4));
        assertThat(exits).anySatisfy((exit) -> assertThat(exit.output())
            .contains("The daily limit of 30 messages is reached"));
        assertThat(greenMail.getReceivedMessages()).as("the mailbox's daily limit, between the two").hasSize(30);
        Mails.assertEachToldOnceWithTheirPassword(greenMail.getReceivedMessages(), database(), 30);
        List<java.time.Instant> sent = database().query("SELECT OCCURRED_AT FROM AUDIT_EVENT WHERE ACTION = 'MESSAGE' "
                + "AND SENDER = 'helpdesk@contoso.example' ORDER BY OCCURRED_AT")
            .stream()
            .map((row) -> (row.get("OCCURRED_AT") instanceof java.sql.Timestamp at) ? at.toInstant()
                    : ((java.time.OffsetDateTime) row.get("OCCURRED_AT")).toInstant())
            .toList();
        assertThat(sent).hasSize(30);
        // At 240 a minute a mailbox sends one message every 250 ms, and at most a second's worth (4) at once after a
        // pause: any 13 of its messages span at least 2.25 s, whichever instance sent them. Two instances each
        // pacing only itself would send 16 within their first second together. The times are those the audit trail
        // recorded as each server answered, in two processes on a busy machine: 1.25 s of it is left for that.
        for (int i = 0; i + 12 < sent.size(); i++) {
            assertThat(java.time.Duration.between(sent.get(i), sent.get(i + 12)))
                .as("messages %d to %d from one mailbox at 240 a minute, whichever instance sent them", i, i + 12)
                .isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(1));
        }
    }

    private static String[] concat(String[] first, String[] second) {
        String[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private void write(String name, List<Integer> users) throws IOException {
        try (Writer input = Files.newBufferedWriter(this.work.resolve(name))) {
            input.write("userPrincipalName\n");
            for (int i : users) {
                input.write(Tenant.upn(i) + "\n");
            }
        }
    }

    private EmbeddedDatabase database() {
        return EmbeddedDatabase.of(this.database);
    }
}
