package org.bulkresend.instance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bulkresend.input.InputFile;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.PostgresServer;
import org.bulkresend.support.Tenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the commands do with a file another instance sharing the PostgreSQL database is running
 * (held here by a {@link PostgresRunLocks} of the test's own, named as the other instance would
 * be): {@code run} is refused with exit 2 naming it and changes nothing, {@code watch} leaves the
 * file in its inbox and runs the others.
 */
class HeldElsewhereTests {

    private static final String OTHER = "process 4242 on batch-2";

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withTenant(4).withPostgres();

    private PostgresRunLocks otherInstance;

    @BeforeEach
    void otherInstance() {
        this.otherInstance = new PostgresRunLocks(fixture.postgresDatabase().url(), PostgresServer.USER,
                PostgresServer.PASSWORD, OTHER);
    }

    @AfterEach
    void close() {
        this.otherInstance.close();
    }

    @Test
    void aRunOfAFileAnotherInstanceRunsIsRefusedNamingItAndChangesNothing() {
        try (RunLocks.Hold held = this.otherInstance.hold(InputFile.of(fixture.input()).sha256())) {
            Cli.Result refused = fixture.run(fixture.input());

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.err()).contains("bulk-resend: Another bulk-resend instance (" + OTHER
                    + ") is running this file on the same database").contains("Nothing was changed.");
            assertThat(fixture.received()).isEmpty();
            assertThat(fixture.database().ledger()).isEmpty();
        }
        // Once it lets go, the file runs here.
        Cli.Result ran = fixture.run(fixture.input());

        assertThat(ran.exitCode()).as(ran.toString()).isZero();
        fixture.assertEachToldOnceWithTheirPassword(4);
    }

    @Test
    void watchLeavesAFileAnotherInstanceRunsInTheInboxAndRunsTheOthers() throws Exception {
        Path inbox = fixture.work().resolve("inbox");
        Path held = drop(inbox, "first.csv", 0, 1);
        Path free = drop(inbox, "second.csv", 2, 3);
        try (RunLocks.Hold hold = this.otherInstance.hold(InputFile.of(held).sha256())) {
            List<String> args = new ArrayList<>(List.of("watch", "--inbox", inbox.toString(), "--once"));
            args.addAll(fixture.operatorOptions());
            args.addAll(fixture.smtpOptions());
            Cli.Result round = fixture.cli().run(args.toArray(String[]::new));

            assertThat(round.exitCode()).as(round.toString()).isZero();
            assertThat(round.out()).contains("Another bulk-resend instance (" + OTHER + ") is running this file")
                .contains("Left in the inbox");
            assertThat(held).exists();
            assertThat(free).doesNotExist();
            assertThat(inbox.resolve("processed").resolve("second.csv")).exists();
            fixture.assertEachToldOnceWithTheirPassword(2);
        }
    }

    private static Path drop(Path inbox, String name, int... users) throws Exception {
        List<String> lines = new ArrayList<>(List.of("userPrincipalName"));
        for (int user : users) {
            lines.add(Tenant.upn(user));
        }
        Files.createDirectories(inbox);
        Path file = inbox.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(1))));
        return file;
    }
}
