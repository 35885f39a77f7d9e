package org.bulkresend.job;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.password.PasswordHashing;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Jar;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariants (design: 'no silent lockout', 'no double reset', 'no secret at rest') under the
 * worst a machine can do: the packaged jar is killed with SIGKILL at random moments, K times (5
 * here, 50 with {@code -Ptorture}), then run again until it completes. Every user must end told
 * exactly once in the ledger, with the password of the last message they got being the one the
 * directory holds, nobody reset after being told, at most
 * one message sent again per kill, and no password in any file.
 */
class KillTortureIT {

    static final PasswordEncoder ENCODER = PasswordHashing.encoder(4);

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path work;

    @Test
    void killedAtRandomMomentsTheRunStillEndsExact() throws Exception {
        int kills = Integer.getInteger("bulkresend.kills", defaultKills());
        int users = Math.max(300, kills * 25); // enough work left for every kill to land mid-run
        long seed = Long.getLong("bulkresend.seed", System.nanoTime());
        System.out.println("Kill torture: " + kills + " kills, seed " + seed + " (-Dbulkresend.seed=" + seed
                + " repeats it)");
        Random random = new Random(seed);
        Tenant.write(this.work, users);
        List<Instance> instances = instances();
        assertThat(instances.get(0).jar().run("directory", "import", "directory.csv").code()).isZero();

        int killed = 0;
        List<Integer> toldAtKills = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < kills; i++) {
            Instance instance = instances.get(i % instances.size());
            Jar.Started process = instance.jar().start(instance.run());
            boolean ended;
            if (random.nextInt(5) == 0) {
                // During start-up or the recovery of the previous kill.
                ended = process.process().waitFor(500 + random.nextInt(2500), TimeUnit.MILLISECONDS);
            }
            else {
                // Mid-run: after a random number of further messages, then anywhere inside a chunk.
                int target = greenMail.getReceivedMessages().length + 1 + random.nextInt(40);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (greenMail.getReceivedMessages().length < target && process.process().isAlive()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                Thread.sleep(random.nextInt(30));
                ended = !process.process().isAlive();
            }
            if (ended) {
                break;
            }
            process.process().destroyForcibly().waitFor();
            killed++;
            toldAtKills.add(greenMail.getReceivedMessages().length);
        }
        Jar.Exit last = null;
        for (int attempt = 0; attempt < 5 && (last == null || last.code() != 0); attempt++) {
            Instance instance = instances.get((killed + attempt) % instances.size());
            last = instance.jar().run(instance.run());
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        assertThat(last.code()).as(last.output()).isZero();
        EmbeddedDatabase database = database();
        List<Map<String, Object>> ledger = database.ledger();
        assertThat(ledger).hasSize(users).allSatisfy((row) -> assertThat(row.get("STATUS")).isEqualTo("NOTIFIED"));

        Map<String, List<MimeMessage>> received = new LinkedHashMap<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            received.computeIfAbsent(Mails.to(message), (to) -> new ArrayList<>()).add(message);
        }
        assertThat(received).hasSize(users);
        Map<String, Object> toldAt = new HashMap<>();
        ledger.forEach((row) -> toldAt.put((String) row.get("UPN_KEY"), row.get("NOTIFIED_AT")));
        Map<String, String> hashes = database.passwordHashes();
        Map<String, Object> passwordSetAt = new HashMap<>();
        database.query("SELECT UPN_KEY, PASSWORD_LAST_SET FROM DIRECTORY_USER")
            .forEach((row) -> passwordSetAt.put((String) row.get("UPN_KEY"), row.get("PASSWORD_LAST_SET")));
        int toldTwice = 0;
        int superseded = 0;
        List<String> passwords = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            List<MimeMessage> messages = received.get(Tenant.alternate(i));
            MimeMessage newest = messages.get(messages.size() - 1);
            assertThat(ENCODER.matches(Mails.password(newest), hashes.get(Tenant.upn(i))))
                .as("the last message %s got carries the password the directory holds", Tenant.upn(i))
                .isTrue();
            Instant passwordSet = instant(passwordSetAt.get(Tenant.upn(i)));
            Instant told = instant(toldAt.get(Tenant.upn(i)));
            assertThat(passwordSet).as("%s was not reset after being told", Tenant.upn(i)).isBeforeOrEqualTo(told);
            toldTwice += (messages.size() > 1) ? 1 : 0;
            superseded += messages.size() - 1;
            messages.forEach((message) -> passwords.add(Mails.password(message)));
        }
        // Each message's outcome is recorded before the next goes: a kill can leave at most the one in flight
        // accepted by the server and unrecorded, which the restart sends again with a new password.
        assertThat(superseded).as("messages sent again after a kill, at most one per kill").isLessThanOrEqualTo(killed);
        assertThat(killed).as("the kills landed before the run could finish").isEqualTo(kills);
        for (Path folder : folders()) {
            assertNoPasswordIn(folder, passwords);
        }
        System.out.println("Kill torture: " + killed + " kills (users told before each: " + toldAtKills + "), " + users
                + " users all told, " + toldTwice + " told twice, " + superseded + " superseded messages over "
                + killed + " kills (a message accepted just before a kill), " + seconds + " s");
    }

    /** One start of the job, on a machine of its own or not. */
    record Instance(Jar jar, String[] run) {
    }

    /** How many kills without {@code -Ptorture}. */
    int defaultKills() {
        return 5;
    }

    /** The instances the kills and restarts go round: here one, the same data directory every time. */
    List<Instance> instances() throws Exception {
        return List.of(new Instance(new Jar(this.work, environment(this.work)), run("input.csv")));
    }

    /** The environment of an instance whose data and output folders are under {@code folder}. */
    Map<String, String> environment(Path folder) {
        return Map.of("BULK_RESEND_DATA_DIR", folder.resolve("data").toString(), "BULK_RESEND_OUT_DIR",
                folder.resolve("out").toString(), "BULK_RESEND_PASSWORDS_HASH_COST", "4",
                "BULK_RESEND_OPERATOR_PASSWORD", Tenant.OPERATOR_PASSWORD);
    }

    String[] run(String input) {
        return new String[] { "run", "--input", input, "--smtp-host", "127.0.0.1", "--smtp-port",
                String.valueOf(greenMail.getSmtp().getPort()), "--from", "helpdesk@contoso.example", "--chunk-size",
                "10", "--operator", Tenant.OPERATOR };
    }

    /** Where the run kept everything, read once every instance has stopped. */
    EmbeddedDatabase database() {
        return new EmbeddedDatabase(this.work.resolve("data"));
    }

    /** The folders the instances wrote into, none of which may hold a password. */
    List<Path> folders() {
        return List.of(this.work.resolve("data"), this.work.resolve("out"));
    }

    /** A timestamp as HSQLDB (an offset date-time) or PostgreSQL (a {@code java.sql.Timestamp}) answers it. */
    private static Instant instant(Object value) {
        return (value instanceof OffsetDateTime offset) ? offset.toInstant() : ((Timestamp) value).toInstant();
    }

    private static void assertNoPasswordIn(Path root, List<String> passwords) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            for (String password : passwords) {
                assertThat(content.contains(password)).as("a password is in %s", file).isFalse();
            }
        }
    }
}
