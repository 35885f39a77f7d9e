package org.bulkresend.instance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.bulkresend.support.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two instances sharing one PostgreSQL database, as two {@link PostgresRunLocks} with their own
 * connections: who holds a run, what the other is told, and what happens when the holder's
 * connection ends.
 */
class PostgresRunLocksTests {

    private static final String FILE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private PostgresServer.Database database;

    private PostgresRunLocks first;

    private PostgresRunLocks second;

    @BeforeEach
    void twoInstances() {
        this.database = PostgresServer.shared().newDatabase();
        this.first = instance("process 1111 on batch-1");
        this.second = instance("process 2222 on batch-2");
    }

    @AfterEach
    void close() {
        this.first.close();
        this.second.close();
    }

    private PostgresRunLocks instance(String name) {
        return new PostgresRunLocks(this.database.url(), PostgresServer.USER, PostgresServer.PASSWORD, name);
    }

    @Test
    void aSecondInstanceIsToldWhichInstanceRunsTheFile() {
        try (RunLocks.Hold hold = this.first.hold(FILE)) {
            assertThatThrownBy(() -> this.second.hold(FILE)).isInstanceOf(RunHeldElsewhereException.class)
                .hasMessageContaining("Another bulk-resend instance (process 1111 on batch-1) is running this file")
                .hasMessageEndingWith("Nothing was changed.")
                .satisfies((ex) -> assertThat(((RunHeldElsewhereException) ex).holder())
                    .isEqualTo("process 1111 on batch-1"));
            this.first.confirm(FILE);
        }
        try (RunLocks.Hold hold = this.second.hold(FILE)) {
            this.second.confirm(FILE);
        }
    }

    @Test
    void anotherFileIsNotHeld() {
        try (RunLocks.Hold hold = this.first.hold(FILE); RunLocks.Hold other = this.second.hold("0" + FILE.substring(1))) {
            this.second.confirm("0" + FILE.substring(1));
        }
    }

    @Test
    void whenTheHoldersSessionEndsAnotherInstanceTakesTheRunAndTheHolderStops() throws Exception {
        this.first.hold(FILE);
        // What the server does when the holder's machine is lost: it ends the holder's session.
        try (Connection connection = this.database.connect();
                PreparedStatement terminate = connection.prepareStatement("SELECT pg_terminate_backend(pid) "
                        + "FROM pg_stat_activity WHERE application_name = 'bulk-resend process 1111 on batch-1'")) {
            terminate.executeQuery().close();
        }
        try (RunLocks.Hold taken = awaitHold(this.second)) {
            this.second.confirm(FILE);
            assertThatThrownBy(() -> this.first.confirm(FILE)).isInstanceOf(RunHoldLostException.class)
                .hasMessageStartingWith("This instance lost its hold on the run")
                .hasMessageContaining("stopped before resetting anyone else");
        }
    }

    /** The server lets the terminated session's locks go as its backend ends, which takes a moment. */
    private static RunLocks.Hold awaitHold(PostgresRunLocks locks) throws InterruptedException {
        for (int attempt = 0;; attempt++) {
            try {
                return locks.hold(FILE);
            }
            catch (RunHeldElsewhereException ex) {
                assertThat(attempt).as("the ended session's lock was released").isLessThan(600);
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aChunkWaitsForUsersAnotherInstanceIsTellingThenHasThem() throws Exception {
        RunLocks.Hold telling = this.first.holdUsers(List.of("user1@contoso.example", "user2@contoso.example"));
        CompletableFuture<RunLocks.Hold> waiting = CompletableFuture.supplyAsync(
                () -> this.second.holdUsers(List.of("user2@contoso.example", "user3@contoso.example")));
        assertThatThrownBy(() -> waiting.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        // Users nobody holds are had at once, even while the others wait.
        this.first.holdUsers(List.of("user4@contoso.example")).close();
        telling.close();
        waiting.get(60, TimeUnit.SECONDS).close();
    }

    /**
     * Every session bulk-resend opens (the pool's, by {@code connection-init-sql}, and the lock's)
     * starts with these settings: they must be ones the database's own user, not a superuser, may set.
     */
    @Test
    void theKeepalivesEverySessionAsksForAreOnesTheDatabasesUserMaySet() throws Exception {
        try (Connection connection = this.database.connect()) {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute(PostgresRunLocks.KEEPALIVES);
            }
            try (PreparedStatement show = connection.prepareStatement("SELECT current_setting('tcp_keepalives_idle'), "
                    + "current_setting('tcp_keepalives_count'), current_setting('tcp_user_timeout')");
                    java.sql.ResultSet rs = show.executeQuery()) {
                rs.next();
                assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
                    .containsExactly("10", "4", "30000");
            }
        }
    }

    @Test
    void theApplicationNameFitsWhatPostgresKeeps() {
        assertThat(PostgresRunLocks.applicationName("process 1 on h")).isEqualTo("bulk-resend process 1 on h");
        String longHost = "process 123456 on " + "é".repeat(40);
        String name = PostgresRunLocks.applicationName(longHost);
        assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(name).startsWith("bulk-resend process 123456 on é").doesNotContain("\uFFFD");
    }
}
