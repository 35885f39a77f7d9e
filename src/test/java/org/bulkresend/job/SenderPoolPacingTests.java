package org.bulkresend.job;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three mailboxes at 600 messages a minute each send 300 messages: a third from each, and never
 * faster than their rates together allow, 300 messages in 299 of the pool's intervals (9.9 s). How
 * close to that the run comes is the benchmark's to say (SenderPoolBenchmark), not a test's: a slow
 * machine only makes it later. The exact times each message is given are SenderQuotasTests'.
 */
class SenderPoolPacingTests {

    static final List<String> POOL = List.of("it1@contoso.example", "it2@contoso.example", "it3@contoso.example");

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withTenant(300).sender(String.join(",", POOL));

    @Test
    void threeMailboxesAt600AMinuteShare300MessagesAndTakeAtLeastTheirPoolsTime() {
        Instant started = Instant.now();
        Cli.Result result = fixture.run(fixture.input(), "--rate", "600/min", "--chunk-size", "50");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        fixture.assertEachToldOnceWithTheirPassword(300);
        List<Map<String, Object>> sent = fixture.database().query("SELECT SENDER, OCCURRED_AT FROM AUDIT_EVENT "
                + "WHERE ACTION = 'MESSAGE' AND OUTCOME = 'SENT' ORDER BY OCCURRED_AT");
        assertThat(sent.stream().collect(Collectors.groupingBy((row) -> row.get("SENDER"), Collectors.counting())))
            .isEqualTo(Map.of(POOL.get(0), 100L, POOL.get(1), 100L, POOL.get(2), 100L));
        Duration took = Duration.between(started, at(sent.get(299)));
        System.out.printf("300 messages from 3 mailboxes at 600/min each: the last %.2f s after the command "
                + "started (9.9 s at the pool's pace, from the first message)%n", took.toMillis() / 1000.0);
        assertThat(took).as("100 messages a mailbox, 100 ms apart: the last at least 9.9 s after the first")
            .isGreaterThanOrEqualTo(Duration.ofMillis(9900));
        for (String mailbox : POOL) {
            List<Instant> times = sent.stream().filter((row) -> mailbox.equals(row.get("SENDER")))
                .map(SenderPoolPacingTests::at).toList();
            for (int i = 0; i + 30 < times.size(); i++) {
                // Within its rate: 10 a second, with the second's worth an idle mailbox may catch up, and the
                // second's worth given times at once that a stall of this machine could hold back.
                assertThat(Duration.between(times.get(i), times.get(i + 30))).as(mailbox + " messages " + i
                        + " to " + (i + 30)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            }
        }
    }

    private static Instant at(Map<String, Object> row) {
        Object at = row.get("OCCURRED_AT");
        return (at instanceof Timestamp timestamp) ? timestamp.toInstant() : ((OffsetDateTime) at).toInstant();
    }
}
