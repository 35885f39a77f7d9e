package org.bulkresend.support;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an end-to-end test of bulk-resend stands on, declared in one line:
 *
 * <pre>
 * &#64;RegisterExtension
 * static BulkResendFixture fixture = BulkResendFixture.withTenant(10);
 * </pre>
 *
 * Before each test it gives the test:
 * <ul>
 * <li>a work folder of its own, deleted after the test as {@code @TempDir} does ({@link #work()});</li>
 * <li>the command line on that folder's {@code data} and {@code out} directories ({@link #cli()}), and
 * the embedded database read back as an auditor would ({@link #database()});</li>
 * <li>its directory: a generated tenant ({@link #withTenant}), the Contoso tenant ({@link #withContoso}),
 * one the test writes ({@link #withDirectory}), imported with {@code directory import}; none
 * ({@link #withoutDirectory}); or a local Microsoft Graph ({@link #withGraph});</li>
 * <li>a real SMTP server, GreenMail on a free port ({@link #greenMail()}), and the options that send
 * to it ({@link #smtpOptions()}); optionally behind a relay that misbehaves on request
 * ({@link #withRelay()}), or none ({@link #withoutMail()}).</li>
 * </ul>
 * Each test gets all of it new; after the test it is stopped and deleted in the reverse order. The
 * extension keeps the current test's parts, so the tests of one class must not run concurrently.
 */
public final class BulkResendFixture implements BeforeEachCallback, AfterEachCallback {

    /** The {@code --from} of {@link #smtpOptions()}, unless {@link #sender} says otherwise. */
    public static final String SENDER = "helpdesk@contoso.example";

    private enum Directory {
        NONE, TENANT, CONTOSO, WRITTEN, GRAPH
    }

    private final Directory directory;

    private final int tenantUsers;

    private final String directoryCsv;

    private final String[] graphApp;

    private boolean mail = true;

    private boolean relayed;

    private boolean postgres;

    private PostgresServer.Database postgresDatabase;

    private String sender = SENDER;

    private String operator;

    private String operatorPassword;

    private Path work;

    private Cli cli;

    private Cli.Result imported;

    private GreenMail greenMail;

    private SmtpRelay relay;

    private FakeGraph graph;

    private BulkResendFixture(Directory directory, int tenantUsers, String directoryCsv, String... graphApp) {
        this.directory = directory;
        this.tenantUsers = tenantUsers;
        this.directoryCsv = directoryCsv;
        this.graphApp = graphApp;
    }

    /**
     * A tenant of {@code users} plain users and its Global Administrator ({@link Tenant}), imported;
     * {@link #input()} asks to reset all of them, and runs sign in as {@link Tenant#OPERATOR}.
     */
    public static BulkResendFixture withTenant(int users) {
        return new BulkResendFixture(Directory.TENANT, users, null).operator(Tenant.OPERATOR, Tenant.OPERATOR_PASSWORD);
    }

    /**
     * The Contoso tenant ({@link Contoso#DIRECTORY}), imported; {@link #input()} is its new-hires file,
     * and runs sign in as its Global Administrator {@link Cli#OPERATOR}.
     */
    public static BulkResendFixture withContoso() {
        return new BulkResendFixture(Directory.CONTOSO, 0, null);
    }

    /**
     * This directory file, written to the work folder as {@code directory.csv} and imported. Runs
     * sign in as nobody in particular: name the {@link #operator} or give {@code --operator}.
     */
    public static BulkResendFixture withDirectory(String csv) {
        return new BulkResendFixture(Directory.WRITTEN, 0, csv);
    }

    /** Nothing imported: the test imports what it needs itself ({@link #importDirectory}), or nothing. */
    public static BulkResendFixture withoutDirectory() {
        return new BulkResendFixture(Directory.NONE, 0, null);
    }

    /**
     * A local Microsoft Graph for this tenant and app registration, with this client secret
     * ({@link #graph()}); runs reach it with {@link #graphOptions()}. The test adds its users.
     */
    public static BulkResendFixture withGraph(String tenantId, String clientId, String clientSecret) {
        return new BulkResendFixture(Directory.GRAPH, 0, null, tenantId, clientId, clientSecret);
    }

    /**
     * Every command on a fresh PostgreSQL database of the tests' server ({@link PostgresServer}) with
     * {@code --database}, instead of the data directory's embedded database; {@link #database()} reads it.
     */
    public BulkResendFixture withPostgres() {
        this.postgres = true;
        return this;
    }

    /** No SMTP server: for tests that send nothing, or send to the outbox. */
    public BulkResendFixture withoutMail() {
        this.mail = false;
        return this;
    }

    /**
     * An {@link SmtpRelay} in front of GreenMail ({@link #relay()}): {@link #smtpOptions()} send to
     * the relay, which passes everything on until the test tells it to misbehave.
     */
    public BulkResendFixture withRelay() {
        this.relayed = true;
        return this;
    }

    /** The {@code --from} address of {@link #smtpOptions()}. */
    public BulkResendFixture sender(String address) {
        this.sender = address;
        return this;
    }

    /**
     * The operator {@link #run} and {@link #operatorOptions()} sign in as, with the password they
     * know; {@code null} for an operator of Graph, where bulk-resend signs in as the app.
     */
    public BulkResendFixture operator(String userPrincipalName, String password) {
        this.operator = userPrincipalName;
        this.operatorPassword = password;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        this.work = Files.createTempDirectory("bulk-resend-test-");
        if (this.mail) {
            this.greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
            this.greenMail.start();
            if (this.relayed) {
                this.relay = new SmtpRelay(this.greenMail.getSmtp().getPort());
            }
        }
        if (this.directory == Directory.GRAPH) {
            this.graph = FakeGraph.start(this.graphApp[0], this.graphApp[1]);
            this.graph.secret(this.graphApp[2]);
            Files.writeString(graphSecretFile(), this.graphApp[2] + "\n");
        }
        this.cli = newCli(this.work);
        switch (this.directory) {
            case TENANT -> {
                Tenant.write(this.work, this.tenantUsers);
                this.imported = importDirectory(this.work.resolve("directory.csv"));
            }
            case CONTOSO -> this.imported = importDirectory(Contoso.DIRECTORY);
            case WRITTEN -> this.imported = importDirectory(
                    Files.writeString(this.work.resolve("directory.csv"), this.directoryCsv));
            case NONE, GRAPH -> this.imported = null;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception failure = null;
        failure = close(failure, this.graph);
        failure = close(failure, this.relay);
        failure = close(failure, (this.greenMail != null) ? this.greenMail::stop : null);
        Path folder = this.work;
        failure = close(failure, () -> delete(folder));
        this.work = null;
        this.cli = null;
        this.postgresDatabase = null;
        this.imported = null;
        this.greenMail = null;
        this.relay = null;
        this.graph = null;
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes the part, if there is one, and keeps the first failure; the parts after it are closed all the same. */
    private static Exception close(Exception earlier, AutoCloseable part) {
        try {
            if (part != null) {
                part.close();
            }
            return earlier;
        }
        catch (Exception ex) {
            if (earlier == null) {
                return ex;
            }
            earlier.addSuppressed(ex);
            return earlier;
        }
    }

    /** The test's work folder, deleted after it. */
    public Path work() {
        return current(this.work, "work folder");
    }

    /** The command line on {@code work/data} and {@code work/out}. */
    public Cli cli() {
        return current(this.cli, "command line");
    }

    /** The embedded database of {@link #cli()}'s data directory, or its PostgreSQL database ({@link #withPostgres}). */
    public EmbeddedDatabase database() {
        return (this.postgresDatabase != null) ? EmbeddedDatabase.of(this.postgresDatabase)
                : new EmbeddedDatabase(cli().dataDir());
    }

    /** The PostgreSQL database of {@link #cli()} ({@link #withPostgres}). */
    public PostgresServer.Database postgresDatabase() {
        return current(this.postgresDatabase, "PostgreSQL database (this fixture uses the embedded one)");
    }

    /** The command line on {@code folder}, on a PostgreSQL database of its own where the fixture uses one. */
    private Cli newCli(Path folder) {
        if (!this.postgres) {
            return new Cli(folder);
        }
        PostgresServer.Database database = PostgresServer.shared().newDatabase();
        if (this.postgresDatabase == null) {
            this.postgresDatabase = database;
        }
        return new Cli(folder, database.options(folder));
    }

    /** What the fixture's {@code directory import} printed. */
    public Cli.Result imported() {
        return current(this.imported, "directory import (this fixture imports none)");
    }

    /** Imports this directory file into {@link #cli()}'s data directory, and checks that it was. */
    public Cli.Result importDirectory(Path file) {
        return importInto(cli(), file);
    }

    /**
     * Another data directory in the work folder, {@code work/NAME/data}, with the same directory
     * imported: for a test that compares two runs of the same tenant.
     */
    public Cli otherDataDirectory(String name) {
        Cli other = newCli(work().resolve(name));
        if (this.directory == Directory.CONTOSO) {
            importInto(other, Contoso.DIRECTORY);
        }
        else if (this.directory != Directory.NONE && this.directory != Directory.GRAPH) {
            importInto(other, work().resolve("directory.csv"));
        }
        return other;
    }

    private static Cli.Result importInto(Cli cli, Path file) {
        Cli.Result imported = cli.run("directory", "import", file.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        return imported;
    }

    /** The input that asks to reset every user of the tenant: its {@code input.csv}, or Contoso's new hires. */
    public Path input() {
        return switch (this.directory) {
            case TENANT -> work().resolve("input.csv");
            case CONTOSO -> Contoso.NEW_HIRES;
            default -> throw new IllegalStateException("this fixture's directory comes with no input file");
        };
    }

    /** The mail server; every message a run sends ends up here, through the relay or not. */
    public GreenMail greenMail() {
        return current(this.greenMail, "mail server (this fixture has none)");
    }

    /** Every message the mail server received, in order. */
    public MimeMessage[] received() {
        return greenMail().getReceivedMessages();
    }

    /** The relay in front of the mail server. */
    public SmtpRelay relay() {
        return current(this.relay, "relay (declare it with withRelay())");
    }

    /** The port runs send to: the relay's, or else the mail server's as it is now. */
    public int smtpPort() {
        return (this.relay != null) ? this.relay.port() : greenMail().getSmtp().getPort();
    }

    /** {@code --smtp-host}, {@code --smtp-port} and {@code --from}: what a run needs to reach {@link #smtpPort()}. */
    public List<String> smtpOptions() {
        return List.of("--smtp-host", "127.0.0.1", "--smtp-port", String.valueOf(smtpPort()), "--from", this.sender);
    }

    /** The local Graph. */
    public FakeGraph graph() {
        return current(this.graph, "Graph (declare it with withGraph(...))");
    }

    /** The file that holds the app's client secret, as an admin keeps it. */
    public Path graphSecretFile() {
        return work().resolve("graph-secret.txt");
    }

    /** {@code --directory graph} and what it needs to reach {@link #graph()}. */
    public List<String> graphOptions() {
        return List.of("--directory", "graph", "--tenant-id", this.graphApp[0], "--client-id", this.graphApp[1],
                "--client-secret-file", graphSecretFile().toString(), "--graph-url", graph().url(), "--login-url",
                graph().secureUrl(), "--graph-ca-file", TestCertificateAuthority.caFile().toString());
    }

    /**
     * {@code --operator} and the file with their password, for the fixture's operator; none where it
     * has none, and {@link Cli#run} signs in as {@link Cli#OPERATOR}.
     */
    public List<String> operatorOptions() {
        if (this.operator == null) {
            return List.of();
        }
        return (this.operatorPassword != null)
                ? List.of("--operator", this.operator, "--operator-password-file",
                        cli().passwordFile(this.operatorPassword))
                : List.of("--operator", this.operator);
    }

    /**
     * {@code run --input FILE} with {@link #graphOptions()} (for Graph), {@link #smtpOptions()} (unless
     * the fixture has no mail), {@link #operatorOptions()} (unless {@code extra} names an operator),
     * then {@code extra}.
     */
    public Cli.Result run(Path input, String... extra) {
        return run(cli(), input, extra);
    }

    /** Each of the directory's users got exactly one message, carrying the password they can sign in with. */
    public void assertEachToldOnceWithTheirPassword(int expected) {
        Mails.assertEachToldOnceWithTheirPassword(received(), database(), expected);
    }

    /**
     * The input in chunks of 10 with retries 20 ms to 100 ms apart: a mail fault shows within a
     * second, over several chunks.
     */
    public Cli.Result runInChunksOfTen(String... extra) {
        List<String> args = new ArrayList<>(List.of("--chunk-size", "10", "--bulk-resend.mail.retry.delay=20ms",
                "--bulk-resend.mail.retry.max-delay=100ms"));
        args.addAll(Arrays.asList(extra));
        return run(input(), args.toArray(String[]::new));
    }

    /**
     * Any command against the local Graph and the SMTP server: as {@code operator} where the command
     * resets anyone ({@code followup} only with {@code --resend}).
     */
    public Cli.Result graphCommand(String operator, String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(graphOptions());
        args.addAll(smtpOptions());
        args.addAll(Arrays.asList(extra));
        if (!command.equals("followup") || args.contains("--resend")) {
            args.addAll(List.of("--operator", operator));
        }
        return cli().run(args.toArray(String[]::new));
    }

    /** The same {@link #run(Path, String...)} on another data directory ({@link #otherDataDirectory}). */
    public Cli.Result run(Cli cli, Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--input", input.toString()));
        if (this.directory == Directory.GRAPH) {
            args.addAll(graphOptions());
        }
        if (this.mail) {
            args.addAll(smtpOptions());
        }
        if (!Arrays.asList(extra).contains("--operator")) {
            args.addAll(operatorOptions());
        }
        args.addAll(Arrays.asList(extra));
        return cli.run(args.toArray(String[]::new));
    }

    private static <T> T current(T part, String what) {
        if (part == null) {
            throw new IllegalStateException("no " + what + ": the fixture gives it to a test while the test runs");
        }
        return part;
    }

    /** Deletes the folder and all in it, as {@code @TempDir} does, making owner-only folders writable first. */
    private static void delete(Path folder) throws IOException {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
                if (ex instanceof AccessDeniedException) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
                    delete(file);
                    return FileVisitResult.CONTINUE;
                }
                throw ex;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
                if (ex != null) {
                    throw ex;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
