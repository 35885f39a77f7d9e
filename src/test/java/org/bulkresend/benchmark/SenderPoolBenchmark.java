package org.bulkresend.benchmark;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bulkresend.notify.SendRate;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How much of a pool's quota a run uses: messages a minute over the sum of its mailboxes' rates,
 * while sending (first message to last) and end to end (the command, with its start and the
 * resets), with each mailbox's share. The goal is at least 0.95 while sending. Prints its figures;
 * fails only if the run does not do its job, never because the machine was slow. Run with
 * {@code ./mvnw -B verify -Pbenchmark -Dit.test=SenderPoolBenchmark}, and
 * {@code -Dbenchmark.pool-users=N} (300), {@code -Dbenchmark.pool-mailboxes=N} (3),
 * {@code -Dbenchmark.pool-rate=R} (600/min each): by default issue 20's case, three mailboxes at
 * 600 a minute sending 300 messages, which their pace allows in 9.9 s. It checks what the run
 * must do whatever the machine's speed: everyone told once with their password, each mailbox its
 * share, and no mailbox faster than its rate allows (a second's worth at once after a pause).
 */
class SenderPoolBenchmark {

    static final int USERS = Integer.getInteger("benchmark.pool-users", 300);

    static final int MAILBOXES = Integer.getInteger("benchmark.pool-mailboxes", 3);

    static final SendRate RATE = SendRate.parse(System.getProperty("benchmark.pool-rate", "600/min"));

    static String pool() {
        StringBuilder from = new StringBuilder();
        for (int i = 1; i <= MAILBOXES; i++) {
            from.append((i > 1) ? "," : "").append("it-notify").append(i).append("@contoso.example");
        }
        return from.toString();
    }

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withTenant(USERS).sender(pool());

    @Test
    void aPoolSendsAtItsMailboxesRatesTogether() {
        long started = System.nanoTime();
        Cli.Result result = fixture.run(fixture.input(), "--rate", RATE.toString(), "--chunk-size", "50");
        Duration endToEnd = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        fixture.assertEachToldOnceWithTheirPassword(USERS);
        List<Map<String, Object>> sent = fixture.database().query("SELECT SENDER, OCCURRED_AT FROM AUDIT_EVENT "
                + "WHERE ACTION = 'MESSAGE' AND OUTCOME = 'SENT' ORDER BY OCCURRED_AT");
        Instant first = at(sent.get(0));
        Instant last = at(sent.get(sent.size() - 1));
        double quotaPerMinute = MAILBOXES * RATE.messages() * (60_000_000_000.0 / RATE.per().toNanos());
        // n messages at the pool's pace take n - 1 intervals of the pool: the first goes at once.
        double sendingPerMinute = (sent.size() - 1) * 60_000.0 / Math.max(1, Duration.between(first, last).toMillis());
        double endToEndPerMinute = sent.size() * 60_000.0 / endToEnd.toMillis();
        Map<Object, Long> shares = sent.stream().collect(Collectors.groupingBy((row) -> row.get("SENDER"),
                Collectors.counting()));

        System.out.printf("%nSender pool: %d users, %d mailboxes at %s each (%.0f a minute together)%n", USERS,
                MAILBOXES, RATE, quotaPerMinute);
        System.out.printf("  while sending: %.0f messages a minute, %.3f of the pool's quota (%.1f s for %d)%n",
                sendingPerMinute, sendingPerMinute / quotaPerMinute, Duration.between(first, last).toMillis() / 1000.0,
                sent.size());
        System.out.printf("  end to end:    %.0f messages a minute, %.3f of the pool's quota (%.1f s, with start-up "
                + "and resets)%n", endToEndPerMinute, endToEndPerMinute / quotaPerMinute, endToEnd.toMillis() / 1000.0);
        System.out.println("  each mailbox:  " + shares);
        assertThat(shares).hasSize(MAILBOXES)
            .allSatisfy((mailbox, count) -> assertThat(count).isBetween((long) USERS / MAILBOXES - 1,
                    (long) USERS / MAILBOXES + 1));
        // Within its rate: in any stretch of its messages, one interval each, less the second's worth an idle
        // mailbox may catch up and the second's worth given times at once that a stall could hold back.
        long perSecond = Math.max(1, RATE.messages() * 1_000_000_000L / RATE.per().toNanos());
        int stretch = (int) (3 * perSecond);
        for (Object mailbox : shares.keySet()) {
            List<Instant> times = sent.stream().filter((row) -> mailbox.equals(row.get("SENDER")))
                .map(SenderPoolBenchmark::at).toList();
            for (int i = 0; i + stretch < times.size(); i++) {
                assertThat(Duration.between(times.get(i), times.get(i + stretch))).as(mailbox + " messages " + i
                        + " to " + (i + stretch)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            }
        }
    }

    private static Instant at(Map<String, Object> row) {
        Object at = row.get("OCCURRED_AT");
        return (at instanceof Timestamp timestamp) ? timestamp.toInstant() : ((OffsetDateTime) at).toInstant();
    }
}
