package org.bulkresend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server, started once per test JVM on first use ({@link #shared()}) and
 * stopped when the JVM ends; each test gets a database of its own ({@link #newDatabase()}), so no
 * test sees another's rows.
 * <p>
 * The cluster is made by {@code initdb} in a folder of the temporary folder and listens on a free
 * port of {@code 127.0.0.1} only, with password authentication ({@code scram-sha-256}) for every
 * connection over TCP: the product signs in as {@link #USER}, who owns the test's database and is
 * no superuser, with {@link #PASSWORD}. PostgreSQL refuses to run as root, so where the tests run as
 * root (as CI does) the folder is given to the {@code postgres} account and the server runs as it.
 * <p>
 * A JVM holds a slot by an exclusive lock on a file named after it in the temporary folder, for as
 * long as it lives, and writes the server's process id beside it ({@link ServerSlots}): a server left
 * running by a JVM that was killed is stopped by the next one that takes its slot, so none leaks.
 * <p>
 * No test installs software: where PostgreSQL's server is missing, the server fails to start and says
 * what to install ({@code .ci/run} does it on a fresh machine).
 */
public final class PostgresServer {

    /** The product's user: owns each test's database, no superuser. */
    public static final String USER = "bulk_resend";

    public static final String PASSWORD = "Postgres-Test-2026!";

    private static final String SUPERUSER = "postgres";

    private static final String SUPERUSER_PASSWORD = "Postgres-Admin-2026!";

    private static final String INSTALL = "apt-get install -y postgresql";

    /** Generous: a loaded two-core machine must not fail a test by being slow. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private static final int SLOTS = 20;

    private static PostgresServer shared;

    private static RuntimeException failedToStart;

    private final AtomicInteger databases = new AtomicInteger();

    private final int port;

    private final Path folder;

    private final Process postgres;

    private final FileLock lock;

    private final int slot;

    private PostgresServer(int port, Path folder, Process postgres, FileLock lock, int slot) {
        this.port = port;
        this.folder = folder;
        this.postgres = postgres;
        this.lock = lock;
        this.slot = slot;
    }

    /** The JVM's server, started on first use; a start that failed fails every later use the same way. */
    public static synchronized PostgresServer shared() {
        if (failedToStart != null) {
            throw failedToStart;
        }
        if (shared == null) {
            try {
                shared = start();
                PostgresServer started = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "postgres-server-stop"));
            }
            catch (RuntimeException ex) {
                failedToStart = ex;
                throw ex;
            }
        }
        return shared;
    }

    /** A new, empty database owned by {@link #USER}: where one test's commands keep everything. */
    public Database newDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + this.databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"), SUPERUSER, SUPERUSER_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " OWNER " + USER);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot create the test database " + name + ": " + ex.getMessage(), ex);
        }
        return new Database(url(name));
    }

    /** The address of nothing: a port of this machine where no server listens. */
    public static String unreachableUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/bulk_resend";
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
    }

    /** One test's database: its address, and what the tests pass to bulk-resend to use it. */
    public record Database(String url) {

        /** {@code --database} and {@code --database-user}, and a password file written into {@code folder}. */
        public List<String> options(Path folder) {
            return List.of("--database", this.url, "--database-user", USER, "--database-password-file",
                    passwordFile(folder, PASSWORD).toString());
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(this.url, USER, PASSWORD);
        }
    }

    /** A file holding the password, readable by its owner only, as an admin would keep it. */
    public static Path passwordFile(Path folder, String password) {
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve("database-password-" + Integer.toHexString(password.hashCode()));
            Files.writeString(file, password + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static PostgresServer start() {
        Path bin = binaries();
        for (int slot = 1; slot <= SLOTS; slot++) {
            FileLock lock = ServerSlots.lock(lockFile(slot));
            if (lock != null) {
                try {
                    ServerSlots.stopLeftOver(pidFile(slot), PostgresServer::isPostgres);
                    return startIn(bin, lock, slot);
                }
                catch (RuntimeException ex) {
                    ServerSlots.release(lock);
                    throw ex;
                }
            }
        }
        throw new IllegalStateException("all " + SLOTS + " test PostgreSQL slots are locked by other test JVMs ("
                + lockFile(1) + " and the next ones)");
    }

    /** The newest installed PostgreSQL's server programs. */
    private static Path binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map((version) -> version.resolve("bin"))
                .filter((bin) -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres")))
                .max(Comparator.comparing((Path bin) -> Integer.parseInt(bin.getParent().getFileName().toString())))
                .orElseThrow(PostgresServer::notInstalled);
        }
        catch (IOException | NumberFormatException ex) {
            throw notInstalled();
        }
    }

    private static IllegalStateException notInstalled() {
        return new IllegalStateException("PostgreSQL's server is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                + "the PostgreSQL tests run a throw-away server of their own. Install Debian's package postgresql ("
                + INSTALL + ", as .ci/run does).");
    }

    private static PostgresServer startIn(Path bin, FileLock lock, int slot) {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path folder;
        try {
            folder = Files.createTempDirectory("bulk-resend-postgres-");
            Path passwordFile = folder.resolve("superuser-password");
            Files.writeString(passwordFile, SUPERUSER_PASSWORD + "\n");
            if (root) {
                UserPrincipal account = folder.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(SUPERUSER);
                Files.setOwner(folder, account);
                Files.setOwner(passwordFile, account);
            }
            run(root, folder.resolve("initdb.log"), bin.resolve("initdb").toString(), "-D",
                    folder.resolve("cluster").toString(), "-U", SUPERUSER, "--pwfile=" + passwordFile,
                    "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
                    "--no-sync");
            Files.delete(passwordFile);
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot make the test PostgreSQL cluster: " + ex.getMessage(), ex);
        }
        int port = freePort();
        Process process;
        try {
            List<String> command = command(root, bin.resolve("postgres").toString(), "-D",
                    folder.resolve("cluster").toString(), "-k", folder.toString(), "-h", "127.0.0.1", "-p",
                    String.valueOf(port), "-c", "fsync=off", "-c", "full_page_writes=off");
            process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("postgres.log").toFile())
                .start();
            Files.writeString(pidFile(slot), String.valueOf(process.pid()));
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot start the test PostgreSQL server: " + ex.getMessage(), ex);
        }
        PostgresServer server = new PostgresServer(port, folder, process, lock, slot);
        try {
            server.awaitAndCreateUser();
        }
        catch (RuntimeException ex) {
            server.stop();
            throw ex;
        }
        return server;
    }

    private void awaitAndCreateUser() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!this.postgres.isAlive()) {
                throw new IllegalStateException("the test PostgreSQL server ended at start (exit "
                        + this.postgres.exitValue() + "): see " + this.folder.resolve("postgres.log"));
            }
            try (Connection connection = DriverManager.getConnection(url("postgres"), SUPERUSER, SUPERUSER_PASSWORD);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                return;
            }
            catch (SQLException ex) {
                last = ex;
                try {
                    Thread.sleep(200);
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("the test PostgreSQL server did not answer on 127.0.0.1:" + this.port + " in "
                + START_TIMEOUT.toSeconds() + " s: " + ((last != null) ? last.getMessage() : "interrupted"), last);
    }

    private synchronized void stop() {
        if (this.postgres.isAlive()) {
            // SIGTERM: a smart shutdown, which ends once the product's pools have closed their connections.
            this.postgres.destroy();
            try {
                if (!this.postgres.waitFor(30, TimeUnit.SECONDS)) {
                    this.postgres.destroyForcibly();
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(pidFile(this.slot));
            ServerSlots.delete(this.folder);
        }
        catch (IOException ex) {
            // A folder in the temporary folder left behind is no failure of the tests.
        }
        ServerSlots.release(this.lock);
    }

    private static void run(boolean root, Path log, String... command) throws IOException {
        Process process = new ProcessBuilder(command(root, command)).redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        try {
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command[0] + " did not finish in " + START_TIMEOUT.toSeconds() + " s");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
        if (process.exitValue() != 0) {
            throw new IOException(command[0] + " ended with exit " + process.exitValue() + ": "
                    + Files.readString(log).strip());
        }
    }

    /** The command as the {@code postgres} account where the tests run as root; PostgreSQL refuses root. */
    private static List<String> command(boolean root, String... command) {
        List<String> all = new ArrayList<>();
        if (root) {
            all.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        all.addAll(List.of(command));
        return all;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A PostgreSQL server's postmaster, or the {@code runuser} that started one as the {@code postgres} account. */
    private static boolean isPostgres(long pid) {
        return ServerSlots.commandLine(pid).contains("postgres -D ");
    }

    private static Path lockFile(int slot) {
        return Path.of(System.getProperty("java.io.tmpdir"), "bulk-resend-test-postgres-" + slot + ".lock");
    }

    private static Path pidFile(int slot) {
        return Path.of(System.getProperty("java.io.tmpdir"), "bulk-resend-test-postgres-" + slot + ".pid");
    }
}
