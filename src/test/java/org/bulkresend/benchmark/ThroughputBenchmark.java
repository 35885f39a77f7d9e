package org.bulkresend.benchmark;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.tenant.Cloud;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.MessageSettings;
import org.bulkresend.notify.Notification;
import org.bulkresend.password.PasswordGenerator;
import org.bulkresend.password.PasswordHashing;
import org.bulkresend.password.Secret;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast a run is, measured against what bounds it, in one run on this machine. Prints its
 * figures; fails only if a run does not do its job, never because the machine was slow. Run with
 * {@code ./mvnw -B verify -Pbenchmark} (see docs/contributing.md).
 */
class ThroughputBenchmark {

    static final int USERS = Integer.getInteger("benchmark.users", 20_000);

    static final int PRODUCTION_USERS = Integer.getInteger("benchmark.production-users", 1_000);

    static final int NAIVE_USERS = Math.min(USERS, Integer.getInteger("benchmark.naive-users", 3_000));

    static final int ROWS = Integer.getInteger("benchmark.rows", 1_000_000);

    static final int CHEAP_COST = 4;

    static final int PRODUCTION_COST = 10;

    @TempDir
    Path work;

    GreenMail sink;

    @Test
    void measure() throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.icegreen")).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.bulkresend")).setLevel(Level.WARN);
        this.sink = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        this.sink.start();
        // Every recipient's mailbox exists before anything is measured: the sink creates a mailbox on a
        // recipient's first message, which would slow whichever measurement came first.
        for (int i = 0; i < USERS; i++) {
            this.sink.setUser(Tenant.alternate(i), Tenant.alternate(i), "x");
        }
        try {
            List<String> lines = new ArrayList<>();
            int cores = Runtime.getRuntime().availableProcessors();
            lines.add(String.format("bulk-resend throughput on %d cores, Java %s, max heap %d MB", cores,
                    System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20));

            double ours = job(this.work.resolve("ours"), USERS, CHEAP_COST);
            lines.add(String.format("1. ours, %d users, hash cost %d, end to end:      %9.1f users/s", USERS,
                    CHEAP_COST, ours));

            double ceiling = ceiling(USERS);
            lines.add(String.format("2. ceiling, %d messages composed and sent over one connection: %9.1f messages/s",
                    USERS, ceiling));

            double naive = naive(this.work.resolve("naive"), NAIVE_USERS);
            lines.add(String.format("3. naive peer, %d users one at a time:              %9.1f users/s", NAIVE_USERS,
                    naive));

            double oneHash = secondsPerHash(PRODUCTION_COST);
            double hashBound = cores / oneHash;
            double production = job(this.work.resolve("production"), PRODUCTION_USERS, PRODUCTION_COST);
            lines.add(String.format("4. ours, %d users, hash cost %d:                      %9.1f users/s",
                    PRODUCTION_USERS, PRODUCTION_COST, production));
            lines.add(String.format("   one hash at cost %d takes %.1f ms: hash bound %d / %.4f s = %.1f users/s",
                    PRODUCTION_COST, oneHash * 1000, cores, oneHash, hashBound));

            long[] heap = peakHeapOfDryRun(this.work.resolve("ours"), ROWS);
            long peakHeap = heap[0];
            lines.add(String.format("5. dry run of %d rows with -Xmx256m: peak heap %d MB, peak live after GC %d MB",
                    ROWS, heap[0], heap[1]));

            lines.add("");
            lines.add(String.format("ours / ceiling     %6.2f   (aim: at least 0.70)", ours / ceiling));
            lines.add(String.format("ours / naive       %6.2f", ours / naive));
            lines.add(String.format("ours / hash bound  %6.2f   (aim: at least 0.85; at hash cost %d)",
                    production / hashBound, PRODUCTION_COST));
            lines.add(String.format("peak heap          %6d MB of 256 MB (live after GC at most %d MB; %d rows)",
                    peakHeap, heap[1], ROWS));
            System.out.println();
            lines.forEach(System.out::println);
            System.out.println();
            Files.write(Path.of("target", "benchmark.txt"), lines);
        }
        finally {
            this.sink.stop();
        }
    }

    /** A fresh tenant of n users, one run on all of them through the command line, users per second. */
    double job(Path folder, int users, int hashCost) throws Exception {
        Files.createDirectories(folder);
        Tenant.write(folder, users);
        Cli cli = new Cli(folder);
        assertThat(cli.run("directory", "import", folder.resolve("directory.csv").toString()).exitCode()).isZero();
        this.sink.purgeEmailFromAllMailboxes();
        String[] args = { "run", "--input", folder.resolve("input.csv").toString(), "--data-dir",
                cli.dataDir().toString(), "--out-dir", cli.outDir().toString(), "--operator", Tenant.OPERATOR,
                "--operator-password-file", cli.passwordFile(Tenant.OPERATOR_PASSWORD), "--smtp-host", "127.0.0.1",
                "--smtp-port", String.valueOf(this.sink.getSmtp().getPort()), "--from", "helpdesk@contoso.example",
                "--quiet", "--bulk-resend.passwords.hash-cost=" + hashCost };
        long started = System.nanoTime();
        Cli.Result result = Cli.raw(args);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(this.sink.getReceivedMessages()).hasSize(users);
        return users / seconds;
    }

    /**
     * The same number of equivalent messages, composed on every core and pushed over one
     * connection, with nothing else around them: messages per second.
     */
    double ceiling(int count) throws Exception {
        this.sink.purgeEmailFromAllMailboxes();
        JavaMailSenderImpl sender = sender();
        MessageComposer composer = composer();
        PasswordGenerator passwords = new PasswordGenerator(16);
        List<Notification> notifications = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            notifications.add(new Notification(i + 2, Tenant.upn(i), "User " + i, Tenant.alternate(i),
                    passwords.generate()));
        }
        long started = System.nanoTime();
        MimeMessage[] messages = notifications.parallelStream()
            .map((notification) -> composer.compose(sender.getSession(), notification))
            .toArray(MimeMessage[]::new);
        sender.send(messages);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(this.sink.getReceivedMessages()).hasSize(count);
        return count / seconds;
    }

    /**
     * What admins script today: for each user, look them up, set a new password, compose the
     * message and send it on a connection of its own; nothing batched, one commit per statement.
     */
    double naive(Path folder, int users) throws Exception {
        Files.createDirectories(folder);
        Tenant.write(folder, users);
        Cli cli = new Cli(folder);
        assertThat(cli.run("directory", "import", folder.resolve("directory.csv").toString()).exitCode()).isZero();
        this.sink.purgeEmailFromAllMailboxes();
        JavaMailSenderImpl sender = sender();
        MessageComposer composer = composer();
        PasswordGenerator passwords = new PasswordGenerator(16);
        PasswordEncoder encoder = PasswordHashing.encoder(CHEAP_COST);
        String url = "jdbc:hsqldb:file:" + cli.dataDir().resolve("db/bulk-resend")
                + ";ifexists=true;shutdown=true;hsqldb.write_delay=false";
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, "SA", "")) {
            for (int i = 0; i < users; i++) {
                String displayName;
                String alternate;
                try (PreparedStatement find = connection.prepareStatement(
                        "SELECT DISPLAY_NAME, ALTERNATE_EMAIL FROM DIRECTORY_USER WHERE UPN_KEY = ?")) {
                    find.setString(1, Tenant.upn(i));
                    try (ResultSet rs = find.executeQuery()) {
                        rs.next();
                        displayName = rs.getString(1);
                        alternate = rs.getString(2);
                    }
                }
                Secret password = passwords.generate();
                try (PreparedStatement reset = connection.prepareStatement(
                        "UPDATE DIRECTORY_USER SET PASSWORD_HASH = ?, MUST_CHANGE_PASSWORD = TRUE WHERE UPN_KEY = ?")) {
                    reset.setString(1, encoder.encode(password.reveal()));
                    reset.setString(2, Tenant.upn(i));
                    reset.executeUpdate();
                }
                sender.send(composer.compose(sender.getSession(),
                        new Notification(i + 2, Tenant.upn(i), displayName, alternate, password)));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(this.sink.getReceivedMessages()).hasSize(users);
        return users / seconds;
    }

    /** The median time of one bcrypt hash at this cost, on one core. */
    static double secondsPerHash(int cost) {
        PasswordEncoder encoder = PasswordHashing.encoder(cost);
        encoder.encode("warm-up-Password-1");
        double[] times = new double[15];
        for (int i = 0; i < times.length; i++) {
            long started = System.nanoTime();
            encoder.encode("Measure-Password-" + i);
            times[i] = (System.nanoTime() - started) / 1e9;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }

    /**
     * A dry run of a file of this many rows (the tenant's users, then unknown ones) by the packaged
     * jar in a JVM of its own limited to 256 MB: the most heap the GC log shows in use (the collector lets
     * it fill up before it collects), and the most still in use after a collection (the live data).
     */
    long[] peakHeapOfDryRun(Path folder, int rows) throws Exception {
        Path big = folder.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(big)) {
            out.write("userPrincipalName,alternateEmail\n");
            for (int i = 0; i < rows; i++) {
                out.write(((i < USERS) ? Tenant.upn(i) : "unknown" + i + "@contoso.example") + ",user" + i
                        + "@example.net\n");
            }
        }
        Path gcLog = folder.resolve("gc.log");
        Cli cli = new Cli(folder);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Xlog:gc:file=" + gcLog, "-jar", Path.of("target", "bulk-resend.jar").toString(), "run",
                "--dry-run", "--input", big.toString(), "--data-dir", cli.dataDir().toString(), "--out-dir",
                cli.outDir().toString(), "--operator", Tenant.OPERATOR, "--operator-password-file",
                cli.passwordFile(Tenant.OPERATOR_PASSWORD), "--quiet");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(folder.resolve("dry-run.out").toFile())
            .start();
        assertThat(process.waitFor(30, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(folder.resolve("dry-run.out"))).isIn(0, 1);
        Matcher heap = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)").matcher(Files.readString(gcLog));
        long peak = 0;
        long live = 0;
        while (heap.find()) {
            peak = Math.max(peak, Long.parseLong(heap.group(1)));
            live = Math.max(live, Long.parseLong(heap.group(2)));
        }
        return new long[] { peak, live };
    }

    JavaMailSenderImpl sender() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(this.sink.getSmtp().getPort());
        sender.setDefaultEncoding("UTF-8");
        return sender;
    }

    static MessageComposer composer() {
        return new MessageComposer(new MessageSettings("helpdesk@contoso.example", Cloud.WORLDWIDE,
                Cloud.WORLDWIDE.signInUrl(), null), Clock.systemUTC());
    }
}
