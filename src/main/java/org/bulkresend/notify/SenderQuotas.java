package org.bulkresend.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.bulkresend.access.AuditTrail;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each sending mailbox's quota, counted in the database that every instance shares, so that
 * instances together never send from a mailbox faster than its rate nor more than its daily limit.
 * <ul>
 * <li>The rate: each mailbox has a row holding the time its next message may go. Before a batch of
 * messages leaves, each is given a time on the mailbox that can send it soonest, in one transaction
 * that holds the pool's rows (taken in the order of their names, so that two instances with
 * overlapping pools never wait for each other in a circle). A mailbox that was idle may catch up
 * at most one second's worth of messages, as a token bucket holding one second would.</li>
 * <li>The daily limit: the audit trail records the mailbox of every message handed to the server.
 * Before each chunk, a run holds room for the whole chunk against the limits of its pool, counting
 * the messages of the last 24 hours and the room other runs hold; it releases its hold at the next
 * chunk boundary. A hold of an instance that died ends by itself.</li>
 * </ul>
 */
public class SenderQuotas {

    /** How far back the daily limit counts. */
    public static final Duration WINDOW = Duration.ofHours(24);

    /** The most a mailbox that was idle may catch up: one second's worth of messages, as before pools. */
    static final Duration CATCH_UP = Duration.ofSeconds(1);

    /** A hold outlives the chunk it is for by this much, unless released. */
    static final Duration HOLD_SLACK = Duration.ofMinutes(15);

    private final NamedParameterJdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final AuditTrail auditTrail;

    private final Clock clock;

    /** Whose turn it is in a pool without rates or limits, which the database does not count. */
    private final AtomicInteger turn = new AtomicInteger();

    public SenderQuotas(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager,
            AuditTrail auditTrail, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.auditTrail = auditTrail;
        this.clock = clock;
    }

    /**
     * One mailbox of a pool, with the limits it sends within.
     *
     * @param mailbox the bare address in lower case
     * @param rate how fast it may send, or null for no limit
     * @param dailyLimit the most messages in 24 hours, or 0 for no limit
     */
    public record Quota(String mailbox, SendRate rate, int dailyLimit) {

        Duration interval() {
            return (this.rate != null) ? this.rate.interval() : Duration.ZERO;
        }

        /** How far in the past an idle mailbox's next message may be put: one second's worth, less one message. */
        Duration catchUp() {
            Duration interval = interval();
            return (interval.compareTo(CATCH_UP) < 0) ? CATCH_UP.minus(interval) : Duration.ZERO;
        }
    }

    /** When one message may leave, and from which mailbox. */
    public record Slot(String mailbox, Instant at) {
    }

    /**
     * A mailbox's use of its quota.
     *
     * @param sentInWindow messages handed to the server from it in the last 24 hours, by any run
     */
    public record Use(Quota quota, long sentInWindow) {

        /** "it1@contoso.com: 250 of 10000 messages in the last 24 hours, at most 30/min". */
        public String describe() {
            return this.quota.mailbox() + ": " + this.sentInWindow
                    + ((this.quota.dailyLimit() > 0) ? " of " + this.quota.dailyLimit() : "")
                    + " messages in the last 24 hours"
                    + ((this.quota.rate() != null) ? ", at most " + this.quota.rate() : "");
        }
    }

    /** A pool that has no room for the next chunk: why, in the admin's words, and when it will. */
    public record Reached(String reason, Instant next) {
    }

    /** True if some mailbox of the pool has a rate or daily limit: only then is the database asked. */
    public static boolean limited(List<Quota> pool) {
        return pool.stream().anyMatch((quota) -> quota.rate() != null || quota.dailyLimit() > 0);
    }

    /**
     * Gives each of {@code messages} messages, in order, its mailbox and the time it may leave:
     * the mailbox that can send it soonest among those with room left today (among all of them
     * if none has: users already reset are told even at the limit). The times never go down.
     *
     * @param holder the run asking, whose own hold is its room, or null
     */
    public List<Slot> reserve(String holder, List<Quota> pool, int messages) {
        if (messages == 0) {
            return List.of();
        }
        if (!limited(pool)) {
            Instant now = this.clock.instant();
            List<Slot> slots = new ArrayList<>(messages);
            for (int i = 0; i < messages; i++) {
                slots.add(new Slot(pool.get(Math.floorMod(this.turn.getAndIncrement(), pool.size())).mailbox(), now));
            }
            return slots;
        }
        List<Quota> sorted = sorted(pool);
        ensureRows(sorted);
        return this.transaction.execute((status) -> {
            Instant now = this.clock.instant();
            Map<String, Instant> next = lock(sorted);
            Map<String, Long> room = new HashMap<>();
            rooms(holder, sorted, now).forEach((mailbox, left) -> room.put(mailbox, left.left()));
            boolean anyRoom = room.values().stream().anyMatch((left) -> left > 0);
            List<Slot> slots = new ArrayList<>(messages);
            for (int i = 0; i < messages; i++) {
                Quota chosen = null;
                Instant soonest = null;
                for (Quota quota : pool) {
                    if (anyRoom && room.get(quota.mailbox()) <= 0) {
                        continue;
                    }
                    Instant at = later(next.get(quota.mailbox()), now.minus(quota.catchUp()));
                    // At the same time, the mailbox with the most room left today (of those without a limit, the one
                    // that sent least), then the one that was due first: the messages spread evenly over mailboxes of
                    // the same quota, however the pauses between chunks fall.
                    if (soonest == null || at.isBefore(soonest) || (at.equals(soonest)
                            && (room.get(quota.mailbox()) > room.get(chosen.mailbox())
                                    || (room.get(quota.mailbox()).equals(room.get(chosen.mailbox()))
                                            && next.get(quota.mailbox()).isBefore(next.get(chosen.mailbox())))))) {
                        chosen = quota;
                        soonest = at;
                    }
                }
                slots.add(new Slot(chosen.mailbox(), soonest));
                next.put(chosen.mailbox(), soonest.plus(chosen.interval()));
                room.merge(chosen.mailbox(), -1L, Long::sum);
                anyRoom = room.values().stream().anyMatch((left) -> left > 0);
            }
            for (Quota quota : sorted) {
                this.jdbc.update("UPDATE SENDER_QUOTA SET NEXT_SLOT = :next WHERE SENDER = :sender",
                        new MapSqlParameterSource("sender", quota.mailbox())
                            .addValue("next", Timestamp.from(next.get(quota.mailbox()))));
            }
            return slots;
        });
    }

    /**
     * Holds room for the next chunk of {@code messages} messages against the pool's daily limits,
     * replacing the holder's earlier hold: empty if held (or the pool has a mailbox without a
     * limit), else why not and when there will be room.
     */
    public Optional<Reached> hold(String holder, List<Quota> pool, int messages) {
        if (pool.stream().anyMatch((quota) -> quota.dailyLimit() <= 0)) {
            release(holder);
            return Optional.empty();
        }
        List<Quota> sorted = sorted(pool);
        ensureRows(sorted);
        return this.transaction.execute((status) -> {
            Instant now = this.clock.instant();
            lock(sorted);
            this.jdbc.update("DELETE FROM SENDER_HOLD WHERE HOLDER = :holder OR EXPIRES_AT < :now",
                    new MapSqlParameterSource("holder", holder).addValue("now", Timestamp.from(now)));
            Map<String, Room> rooms = rooms(holder, sorted, now);
            Map<String, Long> room = new HashMap<>();
            rooms.forEach((mailbox, left) -> room.put(mailbox, left.left()));
            long total = room.values().stream().mapToLong((left) -> Math.max(0, left)).sum();
            if (total < messages) {
                return Optional.of(reached(pool, rooms, total, messages, now));
            }
            Duration slowest = sorted.stream().map(Quota::interval).max(Comparator.naturalOrder()).orElseThrow();
            Instant expires = now.plus(slowest.multipliedBy(messages)).plus(HOLD_SLACK);
            long left = messages;
            List<Quota> roomiest = new ArrayList<>(sorted);
            roomiest.sort(Comparator.comparing((Quota quota) -> room.get(quota.mailbox())).reversed());
            for (Quota quota : roomiest) {
                long held = Math.min(left, Math.max(0, room.get(quota.mailbox())));
                if (held > 0) {
                    this.jdbc.update("""
                            INSERT INTO SENDER_HOLD (HOLDER, SENDER, MESSAGES, EXPIRES_AT)
                            VALUES (:holder, :sender, :messages, :expires)""",
                            new MapSqlParameterSource("holder", holder).addValue("sender", quota.mailbox())
                                .addValue("messages", held)
                                .addValue("expires", Timestamp.from(expires)));
                    left -= held;
                }
            }
            return Optional.empty();
        });
    }

    /** Gives up the holder's room: its run ended, or stopped at a chunk boundary. */
    public void release(String holder) {
        this.jdbc.update("DELETE FROM SENDER_HOLD WHERE HOLDER = :holder",
                new MapSqlParameterSource("holder", holder));
    }

    /** Each mailbox's messages of the last 24 hours, by every run. */
    public List<Use> use(List<Quota> pool) {
        Instant since = this.clock.instant().minus(WINDOW);
        return pool.stream().map((quota) -> new Use(quota, this.auditTrail.messagesSentSince(since, quota.mailbox())))
            .toList();
    }

    /** The messages a run handed to the server, by the mailbox that sent them. */
    public Map<String, Long> sentByRun(long run) {
        return this.auditTrail.messagesOfRunBySender(run);
    }

    /**
     * What a mailbox has left today.
     *
     * @param sent its messages of the last 24 hours
     * @param heldByOthers the room other runs hold on it
     * @param limit its daily limit, or 0 for none
     */
    private record Room(long sent, long heldByOthers, int limit) {

        /** Its limit less its messages and what others hold; without a limit, a very large number less those. */
        long left() {
            return ((this.limit <= 0) ? Long.MAX_VALUE / 2 : this.limit) - this.sent - this.heldByOthers;
        }
    }

    /** The room each mailbox of the pool has left today. */
    private Map<String, Room> rooms(String holder, List<Quota> pool, Instant now) {
        Instant since = now.minus(WINDOW);
        Map<String, Long> heldByOthers = new HashMap<>();
        this.jdbc.query("""
                SELECT SENDER, SUM(MESSAGES) AS HELD FROM SENDER_HOLD
                WHERE HOLDER <> :holder AND EXPIRES_AT >= :now GROUP BY SENDER""",
                new MapSqlParameterSource("holder", (holder != null) ? holder : "").addValue("now", Timestamp.from(now)),
                (rs) -> {
                    heldByOthers.put(rs.getString("SENDER"), rs.getLong("HELD"));
                });
        Map<String, Room> rooms = new HashMap<>();
        for (Quota quota : pool) {
            long sent = this.auditTrail.messagesSentSince(since, quota.mailbox());
            rooms.put(quota.mailbox(), new Room(sent, heldByOthers.getOrDefault(quota.mailbox(), 0L),
                    quota.dailyLimit()));
        }
        return rooms;
    }

    /**
     * Why the pool has no room for a chunk, and when it will: once enough of the window's oldest
     * messages have left it, counting for each mailbox only those that bring it back under its
     * limit, rounded up to the minute the admin is told.
     */
    private Reached reached(List<Quota> pool, Map<String, Room> rooms, long total, int messages, Instant now) {
        Instant since = now.minus(WINDOW);
        List<Instant> freed = new ArrayList<>();
        List<String> use = new ArrayList<>();
        long held = 0;
        for (Quota quota : pool) {
            Room room = rooms.get(quota.mailbox());
            List<Instant> times = this.auditTrail.messageTimesSince(since, quota.mailbox());
            times.stream().skip(Math.max(0, -room.left())).map((at) -> at.plus(WINDOW)).forEach(freed::add);
            use.add(quota.mailbox() + " " + room.sent() + " of " + quota.dailyLimit());
            held += room.heldByOthers();
        }
        freed.sort(Comparator.naturalOrder());
        long needed = messages - total;
        Instant next = (needed <= freed.size()) ? freed.get((int) needed - 1) : now.plus(HOLD_SLACK);
        Instant minute = next.truncatedTo(ChronoUnit.MINUTES);
        next = minute.equals(next) ? next : minute.plus(1, ChronoUnit.MINUTES);
        String others = (held > 0) ? " (and runs on other instances hold room for " + held + " more)" : "";
        String limits = (pool.size() == 1) ? "The daily limit of " + pool.get(0).dailyLimit() + " messages is reached: "
                + rooms.get(pool.get(0).mailbox()).sent() + " were sent in the last 24 hours" + others
                : "The daily limits of the " + pool.size() + " sending mailboxes are reached: " + String.join(", ", use)
                        + " were sent in the last 24 hours" + others + ", room for " + total + " more";
        return new Reached(limits + ", and the next chunk could send " + messages + ".", next);
    }

    /** Makes a row for each mailbox that has none yet, each in its own statement: another instance may make it too. */
    private void ensureRows(List<Quota> pool) {
        for (Quota quota : pool) {
            MapSqlParameterSource row = new MapSqlParameterSource("sender", quota.mailbox());
            Integer rows = this.jdbc.queryForObject("SELECT COUNT(*) FROM SENDER_QUOTA WHERE SENDER = :sender", row,
                    Integer.class);
            if (rows == null || rows == 0) {
                try {
                    this.transaction.executeWithoutResult((status) -> this.jdbc.update(
                            "INSERT INTO SENDER_QUOTA (SENDER, NEXT_SLOT) VALUES (:sender, :now)",
                            row.addValue("now", Timestamp.from(this.clock.instant()))));
                }
                catch (DataIntegrityViolationException ex) {
                    // Another instance made it first: it is there, which is all this needs.
                }
            }
        }
    }

    /** Takes the pool's rows for this transaction, in order, and reads when each may send next. */
    private Map<String, Instant> lock(List<Quota> sorted) {
        Map<String, Instant> next = new HashMap<>();
        for (Quota quota : sorted) {
            MapSqlParameterSource row = new MapSqlParameterSource("sender", quota.mailbox());
            this.jdbc.update("UPDATE SENDER_QUOTA SET NEXT_SLOT = NEXT_SLOT WHERE SENDER = :sender", row);
            next.put(quota.mailbox(), this.jdbc.queryForObject(
                    "SELECT NEXT_SLOT FROM SENDER_QUOTA WHERE SENDER = :sender", row,
                    (rs, n) -> rs.getObject("NEXT_SLOT", OffsetDateTime.class).toInstant()));
        }
        return next;
    }

    private static List<Quota> sorted(List<Quota> pool) {
        return pool.stream().sorted(Comparator.comparing(Quota::mailbox)).toList();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
