package org.bulkresend.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.report.ReportWriter;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * No secret at rest (design: 'no secret at rest'): a password lives in memory and in the outgoing
 * message only. After real runs (SMTP, outbox, a supplied password, a re-run), no byte sequence of
 * any password that was sent is found in any file of the data or out directories (the outbox
 * excepted, being a delivery channel), nor in anything written to the console.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoPlaintextPasswordAtRestTests {

    /** The second test prepares the data directory before the import: each test imports the directory itself. */
    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withoutDirectory();

    @Test
    void noPasswordIsInTheDatabaseReportsLogsOrConsole(CapturedOutput console) throws Exception {
        Cli cli = fixture.cli();
        List<String> consoleOutput = new ArrayList<>();
        Cli.Result imported = fixture.importDirectory(Contoso.DIRECTORY);
        consoleOutput.add(imported.all());
        Path input = Contoso.NEW_HIRES;
        String[] smtp = fixture.smtpOptions().toArray(String[]::new);
        consoleOutput.add(cli.run(concat(new String[] { "run", "--input", input.toString() }, smtp)).all());
        consoleOutput.add(cli.run(concat(new String[] { "run", "--input", input.toString(), "--rerun" }, smtp)).all());
        Path supplied = Files.writeString(fixture.work().resolve("supplied.csv"), """
                userPrincipalName,alternateEmail,password
                grady.archie@contoso.example,grady.archie@example.net,Spring-Tide-4417
                """);
        consoleOutput.add(cli.run(concat(new String[] { "run", "--input", supplied.toString(), "--rerun" }, smtp)).all());
        consoleOutput.add(cli.run("run", "--input", input.toString(), "--rerun", "--temp-password-ttl", "1h").all());
        consoleOutput.add(cli.run("directory", "list").all());
        new EmbeddedDatabase(cli.dataDir()).timePasses(java.time.Duration.ofHours(2));
        Cli.Result expired = cli.run("expire");
        assertThat(expired.out()).as(expired.toString()).contains("Replaced 26 expired temporary passwords");
        consoleOutput.add(expired.all());
        Path followUpList = cli.outDir().resolve("followup.csv");
        consoleOutput.add(cli.run("followup", "--older-than", "0s", "--csv", followUpList.toString()).all());
        consoleOutput.add(cli.run("audit").all());
        consoleOutput.add(cli.run("audit", "--json").all());
        consoleOutput.add(cli.run("status", "--json").all());

        List<String> passwords = new ArrayList<>();
        for (MimeMessage message : fixture.received()) {
            passwords.add(Mails.password(message));
        }
        Path outbox = cli.outDir().resolve("outbox");
        try (Stream<Path> files = Files.list(outbox)) {
            files.forEach((eml) -> passwords.add(Mails.password(Mails.parse(eml))));
        }
        // Counted, not listed: a failing assertion must not print the passwords either.
        assertThat(passwords.size()).isEqualTo(2 * 26 + 1 + 26);
        passwords.add(Cli.OPERATOR_PASSWORD);
        assertThat(passwords.contains("Spring-Tide-4417")).isTrue();

        List<Path> scanned = new ArrayList<>();
        for (Path root : List.of(cli.dataDir(), cli.outDir())) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).filter((f) -> !f.startsWith(outbox)).forEach(scanned::add);
            }
        }
        assertThat(scanned).as("the database, the log, the reports and the follow-up list are all scanned")
            .anyMatch((f) -> f.getFileName().toString().endsWith(".script"))
            .anyMatch((f) -> f.getFileName().toString().endsWith(".log"))
            .anyMatch((f) -> f.getFileName().toString().endsWith("-report.csv"))
            .anyMatch((f) -> f.getFileName().toString().endsWith("-report.html"))
            .anyMatch((f) -> f.equals(followUpList));
        for (Path file : scanned) {
            byte[] content = Files.readAllBytes(file);
            for (String password : passwords) {
                assertThat(indexOf(content, password.getBytes(StandardCharsets.UTF_8)) < 0)
                    .as("a password found in %s", file)
                    .isTrue();
            }
        }
        String everythingPrinted = String.join("\n", consoleOutput) + console.getAll();
        for (String password : passwords) {
            assertThat(everythingPrinted.contains(password)).as("a password was printed").isFalse();
        }
    }

    /**
     * What protects the files that are not encrypted (the database with every user's address and
     * the hashes, the log, the reports, the follow-up list, the audit export) is that no other
     * account can read them: the data directory is owner-only and so is every file bulk-resend
     * leaves, including the database's own files and files an older version left readable.
     */
    @Test
    void everyFileItLeavesIsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Cli cli = fixture.cli();
        Path oldLog = cli.dataDir().resolve("logs/bulk-resend.2025-01-01.0.log");
        Files.createDirectories(oldLog.getParent(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(cli.dataDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(oldLog, "left by an older version\n");
        Files.setPosixFilePermissions(oldLog, PosixFilePermissions.fromString("rw-r--r--"));

        fixture.importDirectory(Contoso.DIRECTORY);
        Path input = Contoso.NEW_HIRES;
        Path ownReport = fixture.work().resolve("elsewhere/own-report.csv");
        // Exit code 1: the new hires file has rows with problems, on purpose.
        assertThat(cli.run("run", "--input", input.toString(), "--report", ownReport.toString()).exitCode()).isOne();
        assertThat(cli.run("run", "--input", input.toString(), "--rerun", "--dry-run").exitCode()).isOne();
        Path followUpList = fixture.work().resolve("followup.csv");
        assertThat(cli.run("followup", "--older-than", "0s", "--csv", followUpList.toString()).exitCode()).isZero();
        Path auditExport = fixture.work().resolve("audit.csv");
        assertThat(cli.run("audit", "--csv", auditExport.toString()).exitCode()).isZero();

        assertThat(mode(cli.dataDir())).isEqualTo("rwx------");
        List<Path> left = new ArrayList<>();
        for (Path root : List.of(cli.dataDir(), cli.outDir(), ownReport.getParent())) {
            try (Stream<Path> files = Files.walk(root)) {
                files.forEach(left::add);
            }
        }
        left.add(followUpList);
        left.add(auditExport);
        assertThat(left).as("the database, the log, the reports, the previews and the outbox are all looked at")
            .anyMatch((f) -> f.getFileName().toString().endsWith(".script"))
            .anyMatch((f) -> f.getFileName().toString().equals("bulk-resend.log"))
            .contains(oldLog, ownReport, ReportWriter.htmlBeside(ownReport))
            .anyMatch((f) -> f.getFileName().toString().endsWith("-dry-run-report.csv"))
            .anyMatch((f) -> f.getFileName().toString().endsWith(".eml") && f.startsWith(cli.outDir().resolve("preview")))
            .anyMatch((f) -> f.getFileName().toString().endsWith(".eml") && f.startsWith(cli.outDir().resolve("outbox")));
        for (Path path : left) {
            if (Files.isDirectory(path)) {
                if (path.startsWith(cli.dataDir()) || path.startsWith(cli.outDir())) {
                    assertThat(mode(path)).as("folder %s", path).isEqualTo("rwx------");
                }
            }
            else {
                assertThat(mode(path)).as("file %s", path).matches("r[w-]-------");
            }
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
