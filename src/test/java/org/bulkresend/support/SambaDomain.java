package org.bulkresend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * A throw-away Samba Active Directory domain controller, {@code CONTOSO.TEST}, started once per test
 * JVM on first use ({@link #shared()}), seeded once ({@link DomainSeed}) and stopped when the JVM ends.
 * It answers LDAPS with a certificate from the tests' own authority ({@link TestCertificateAuthority}),
 * which the product is told to trust with {@code --ldap-ca}.
 * <p>
 * Samba's ports are fixed (389 and 636), so each domain listens on a loopback address of its own,
 * {@code 127.0.0.2} and up (Linux answers the whole of {@code 127.0.0.0/8} on the loopback device). A
 * JVM holds an address by an exclusive lock on a file named after it in the temporary folder, for as
 * long as it lives: the surefire forks, or two builds at once, never share an address, and a lock dies
 * with its JVM, however it ends. A domain left running by a JVM that was killed is stopped by the next
 * one that takes its address, by the process id it wrote beside the lock.
 * <p>
 * No test installs software: where Samba is missing, the domain fails to start and says what to
 * install ({@code .ci/run} does it on a fresh machine). Samba's daemon runs as root, as CI does.
 */
public final class SambaDomain {

    public static final String REALM = "CONTOSO.TEST";

    public static final String NETBIOS = "CONTOSO";

    public static final String BASE_DN = "DC=contoso,DC=test";

    /** The UPN suffix of the domain's users. */
    public static final String SUFFIX = "@contoso.test";

    public static final String ADMINISTRATOR_PASSWORD = "Samba-Admin-2026!";

    private static final String INSTALL = "apt-get install -y samba samba-ad-dc ldap-utils winbind krb5-user";

    /** Generous: a loaded two-core machine must not fail a test by being slow. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private static final int FIRST_ADDRESS = 2;

    private static final int LAST_ADDRESS = 40;

    private static SambaDomain shared;

    private static RuntimeException failedToStart;

    private final String address;

    private final Path folder;

    private final Process samba;

    private final FileLock lock;

    private SambaDomain(String address, Path folder, Process samba, FileLock lock) {
        this.address = address;
        this.folder = folder;
        this.samba = samba;
        this.lock = lock;
    }

    /** The domain of this JVM, started and seeded on first use; a failure to start is the same for every test. */
    public static synchronized SambaDomain shared() {
        if (failedToStart != null) {
            throw failedToStart;
        }
        if (shared == null) {
            try {
                shared = start();
                new DomainSeed(shared).seed();
                SambaDomain started = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "samba-domain-stop"));
            }
            catch (RuntimeException ex) {
                failedToStart = ex;
                if (shared != null) {
                    shared.stop();
                }
                throw ex;
            }
        }
        return shared;
    }

    /** The loopback address the domain controller listens on. */
    public String address() {
        return this.address;
    }

    /** {@code ldaps://ADDRESS}, for {@code --ldap-url}. */
    public String ldapsUrl() {
        return "ldaps://" + this.address;
    }

    /** {@code ldap://ADDRESS}, for {@code --ldap-url} with {@code --starttls}. */
    public String ldapUrl() {
        return "ldap://" + this.address;
    }

    /** A connection over LDAPS bound as the domain's Administrator, trusting the tests' authority; close it. */
    public LDAPConnection administrator() {
        return connect("Administrator" + SUFFIX, ADMINISTRATOR_PASSWORD);
    }

    /** A connection over LDAPS bound as this user (a UPN, a DN or DOMAIN\\name); close it. */
    public LDAPConnection connect(String bindName, String password) {
        LDAPConnection connection = open();
        try {
            connection.bind(bindName, password);
            return connection;
        }
        catch (LDAPException ex) {
            connection.close();
            throw new IllegalStateException("cannot bind to the test domain as " + bindName + ": "
                    + ex.getExceptionMessage(), ex);
        }
    }

    /**
     * What the domain controller answers a simple bind as this user with this password, without
     * changing anything: {@code null} if it succeeds, else its diagnostic message ({@code data 773}
     * for the right password of an account that must change it, {@code data 52e} for a wrong one).
     */
    public String bindAnswer(String bindName, String password) {
        try (LDAPConnection connection = open()) {
            connection.bind(bindName, password);
            return null;
        }
        catch (LDAPException ex) {
            return String.valueOf(ex.getDiagnosticMessage());
        }
    }

    /** An LDAPS connection, not bound, trusting the tests' authority only. */
    private LDAPConnection open() {
        try {
            return new LDAPConnection(TestCertificateAuthority.clientContext().getSocketFactory(), this.address, 636);
        }
        catch (LDAPException ex) {
            throw new IllegalStateException("cannot reach the test domain on " + this.address + ":636: "
                    + ex.getExceptionMessage(), ex);
        }
    }

    private static SambaDomain start() {
        Path samba = executable("samba");
        Path sambaTool = executable("samba-tool");
        if (samba == null || sambaTool == null) {
            throw new IllegalStateException("Samba is not installed: the Active Directory tests run a throw-away Samba "
                    + "domain controller. Install it as root (Debian: " + INSTALL + "); .ci/run does.");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the Active Directory tests run a Samba domain controller, whose daemon "
                    + "needs root (CI runs as root); run the tests as root");
        }
        for (int n = FIRST_ADDRESS; n <= LAST_ADDRESS; n++) {
            String address = "127.0.0." + n;
            FileLock lock = ServerSlots.lock(lockFile(address));
            if (lock == null) {
                continue;
            }
            ServerSlots.stopLeftOver(pidFile(address), SambaDomain::isSamba);
            if (!free(address, 389) || !free(address, 636)) {
                ServerSlots.release(lock);
                continue;
            }
            return startOn(address, lock, samba, sambaTool);
        }
        throw new IllegalStateException("no loopback address from 127.0.0." + FIRST_ADDRESS + " to 127.0.0."
                + LAST_ADDRESS + " is free for a test domain controller (each is locked by another test JVM, or its "
                + "ports 389 and 636 are taken)");
    }

    private static SambaDomain startOn(String address, FileLock lock, Path samba, Path sambaTool) {
        Path folder;
        Process process;
        try {
            folder = Files.createTempDirectory("bulk-resend-samba-");
            Path run = Files.createDirectories(folder.resolve("run"));
            run(List.of(sambaTool.toString(), "domain", "provision", "--targetdir=" + folder, "--realm=" + REALM,
                    "--domain=" + NETBIOS, "--server-role=dc", "--dns-backend=NONE",
                    "--adminpass=" + ADMINISTRATOR_PASSWORD, "--use-rfc2307", "--option=interfaces=" + address + "/8",
                    "--option=bind interfaces only=yes", "--option=server services=ldap",
                    "--option=pid directory=" + run, "--option=log file=" + folder.resolve("log.%m"),
                    "--option=tls enabled=yes", "--option=tls certfile=" + folder.resolve("tls-cert.pem"),
                    "--option=tls keyfile=" + folder.resolve("tls-key.pem"),
                    "--option=tls cafile=" + TestCertificateAuthority.caFile()), folder.resolve("provision.log"));
            TestCertificateAuthority.writeServerPem(address, folder.resolve("tls-cert.pem"), folder.resolve("tls-key.pem"));
            process = new ProcessBuilder(samba.toString(), "-s", folder.resolve("etc/smb.conf").toString(), "-i",
                    "-M", "single").redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(folder.resolve("samba.out").toFile()))
                .start();
            Files.writeString(pidFile(address), String.valueOf(process.pid()));
        }
        catch (IOException ex) {
            ServerSlots.release(lock);
            throw new UncheckedIOException(ex);
        }
        SambaDomain domain = new SambaDomain(address, folder, process, lock);
        domain.awaitLdaps();
        return domain;
    }

    /** Until an LDAPS bind as the Administrator succeeds, or Samba ends, or the start takes far too long. */
    private void awaitLdaps() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!this.samba.isAlive()) {
                String output = tail(this.folder.resolve("samba.out"));
                stop();
                throw new IllegalStateException("the test domain controller ended at start (exit " + this.samba.exitValue()
                        + "): " + output);
            }
            if (listening(this.address, 636)) {
                try (LDAPConnection connection = administrator()) {
                    return;
                }
                catch (IllegalStateException ex) {
                    last = ex.getMessage();
                }
            }
            sleep(200);
        }
        stop();
        throw new IllegalStateException("the test domain controller did not answer LDAPS on " + this.address + ":636 in "
                + START_TIMEOUT.toSeconds() + " s (" + last + ")");
    }

    /** Stops the domain controller by its root process id (it ends its workers) and deletes its folder. */
    synchronized void stop() {
        if (this.samba.isAlive()) {
            this.samba.destroy();
            try {
                if (!this.samba.waitFor(30, TimeUnit.SECONDS)) {
                    this.samba.destroyForcibly();
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(pidFile(this.address));
            ServerSlots.delete(this.folder);
        }
        catch (IOException ex) {
            // A folder in the temporary folder left behind is no failure of the tests.
        }
        ServerSlots.release(this.lock);
    }

    /** Samba's root process. */
    private static boolean isSamba(long pid) {
        return ProcessHandle.of(pid)
            .flatMap((process) -> process.info().command())
            .map((command) -> command.endsWith("/samba"))
            .orElse(false) || ServerSlots.commandLine(pid).startsWith("samba: root process");
    }

    private static Path lockFile(String address) {
        return Path.of(System.getProperty("java.io.tmpdir"), "bulk-resend-samba-" + address + ".lock");
    }

    private static Path pidFile(String address) {
        return Path.of(System.getProperty("java.io.tmpdir"), "bulk-resend-samba-" + address + ".pid");
    }

    /** True if nothing listens on the address's port and it can be bound. */
    private static boolean free(String address, int port) {
        if (listening(address, port)) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address, port));
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static boolean listening(String address, int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(address, port), 500);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("samba-tool " + command.get(1) + " " + command.get(2) + " did not end in "
                        + START_TIMEOUT.toSeconds() + " s: see " + log);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("samba-tool " + command.get(1) + " " + command.get(2) + " failed (exit "
                    + process.exitValue() + "): " + tail(log));
        }
    }

    /** {@code samba-tool} as root, for what only Samba's own tool sets (access control entries). */
    void sambaTool(String... arguments) {
        List<String> command = new ArrayList<>(List.of(executable("samba-tool").toString()));
        command.addAll(List.of(arguments));
        command.add("-H");
        command.add(this.folder.resolve("private/sam.ldb").toString());
        try {
            run(command, Files.createTempFile(this.folder, "samba-tool-", ".log"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        }
        catch (IOException ex) {
            return "see " + log;
        }
    }

    /** {@code /usr/sbin/NAME} or {@code /usr/bin/NAME}, else NAME on the PATH; null if there is none. */
    private static Path executable(String name) {
        List<String> folders = new ArrayList<>(List.of("/usr/sbin", "/usr/bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            folders.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        return folders.stream().map((folder) -> Path.of(folder, name)).filter(Files::isExecutable).findFirst()
            .orElse(null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the test domain controller starts", ex);
        }
    }
}
