package org.bulkresend.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.bulkresend.access.AuditEvent;
import org.bulkresend.access.AuditEvent.Action;
import org.bulkresend.access.AuditTrail;
import org.bulkresend.notify.SenderQuotas.Quota;
import org.bulkresend.notify.SenderQuotas.Slot;
import org.bulkresend.support.MovableClock;
import org.bulkresend.support.SchemaDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The times a pool's messages are given, on a real database with the product's schema and a clock
 * the tests move: each mailbox within its rate, alone or shared by several instances, the messages
 * spread over the pool, and the daily limits respected while any mailbox has room.
 */
class SenderQuotasTests {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    static final SendRate SIX_HUNDRED = SendRate.parse("600/min");

    final MovableClock clock = new MovableClock(T0);

    SchemaDatabase database;

    AuditTrail auditTrail;

    int sent;

    @BeforeEach
    void emptyDatabase() {
        this.database = SchemaDatabase.create("sender-quotas");
        this.auditTrail = new AuditTrail(this.database.named(), this.clock);
    }

    /** One instance's view of the shared quotas. */
    SenderQuotas instance() {
        return new SenderQuotas(this.database.named(), this.database.transactions(), this.auditTrail, this.clock);
    }

    static List<Quota> pool(SendRate rate, int dailyLimit, String... mailboxes) {
        return List.of(mailboxes).stream().map((mailbox) -> new Quota(mailbox, rate, dailyLimit)).toList();
    }

    /** Sends the slots as a channel does: the clock moves to each one's time, and the audit trail records each. */
    void sendAtTheirTimes(List<Slot> slots) {
        for (Slot slot : slots) {
            if (slot.at().isAfter(this.clock.instant())) {
                this.clock.set(slot.at());
            }
            this.auditTrail.recordAll(List.of(new AuditEvent(this.clock.instant(), "operator@contoso.example",
                    "u" + (this.sent++) + "@contoso.example", Action.MESSAGE, "SENT", "accepted", 1L, slot.mailbox())));
        }
    }

    static Map<String, List<Instant>> byMailbox(List<Slot> slots) {
        return slots.stream().collect(Collectors.groupingBy(Slot::mailbox,
                Collectors.mapping(Slot::at, Collectors.toList())));
    }

    @Test
    void threeMailboxesAt600AMinuteSend300MessagesIn10SecondsEachWithinItsRate() {
        SenderQuotas quotas = instance();
        List<Quota> pool = pool(SIX_HUNDRED, 0, "it1@contoso.example", "it2@contoso.example", "it3@contoso.example");
        List<Slot> slots = new ArrayList<>();
        for (int chunk = 0; chunk < 6; chunk++) {
            List<Slot> chunkSlots = quotas.reserve("execution 1", pool, 50);
            sendAtTheirTimes(chunkSlots);
            slots.addAll(chunkSlots);
        }

        assertThat(slots).hasSize(300);
        assertThat(slots).extracting(Slot::at).isSorted();
        Map<String, List<Instant>> byMailbox = byMailbox(slots);
        assertThat(byMailbox).hasSize(3).allSatisfy((mailbox, times) -> {
            assertThat(times).as(mailbox).hasSize(100);
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i))).as(mailbox + " message " + i)
                    .isEqualTo(Duration.ofMillis(100));
            }
        });
        assertThat(Duration.between(T0, slots.get(299).at())).as("the last message's time")
            .isEqualTo(Duration.ofMillis(9900));
    }

    @Test
    void afterEachPauseTheMailboxesStillTakeTurns() {
        SenderQuotas quotas = instance();
        List<Quota> pool = pool(SIX_HUNDRED, 0, "it1@contoso.example", "it2@contoso.example", "it3@contoso.example");
        List<Slot> slots = new ArrayList<>();
        for (int chunk = 0; chunk < 6; chunk++) {
            for (int part : new int[] { 30, 20 }) {
                List<Slot> partSlots = quotas.reserve("execution 1", pool, part);
                sendAtTheirTimes(partSlots);
                slots.addAll(partSlots);
            }
            // The next chunk's users are reset: a pause, longer for some chunks than others.
            this.clock.set(this.clock.instant().plusMillis(300 * chunk));
        }

        assertThat(byMailbox(slots)).allSatisfy((mailbox, times) -> assertThat(times).as(mailbox).hasSize(100));
    }

    @Test
    void twoInstancesSharingAMailboxTogetherNeverSendFasterThanItsRate() {
        SenderQuotas first = instance();
        SenderQuotas second = instance();
        List<Quota> shared = pool(SIX_HUNDRED, 0, "it@contoso.example");
        List<Slot> slots = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            List<Slot> mine = first.reserve("execution 1", shared, 7);
            List<Slot> theirs = second.reserve("execution 2", shared, 5);
            slots.addAll(mine);
            slots.addAll(theirs);
            sendAtTheirTimes(theirs);
        }

        List<Instant> times = slots.stream().map(Slot::at).sorted().toList();
        assertThat(times).hasSize(120).doesNotHaveDuplicates();
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i))).as("message " + i)
                .isGreaterThanOrEqualTo(Duration.ofMillis(100));
        }
    }

    @Test
    void aMailboxThatWasIdleCatchesUpAtMostOneSecondsWorth() {
        SenderQuotas quotas = instance();
        List<Quota> pool = pool(SIX_HUNDRED, 0, "it@contoso.example");
        sendAtTheirTimes(quotas.reserve(null, pool, 10));
        this.clock.set(this.clock.instant().plus(Duration.ofMinutes(5)));
        Instant back = this.clock.instant();

        List<Slot> slots = quotas.reserve(null, pool, 30);

        long atOnce = slots.stream().filter((slot) -> !slot.at().isAfter(back)).count();
        assertThat(atOnce).as("due at once after the pause: one second's worth, 10 at 600/min").isEqualTo(10);
        assertThat(slots.get(29).at()).isEqualTo(back.plus(Duration.ofMillis(2000)));
    }

    @Test
    void aMailboxAtItsDailyLimitGetsNoMessageWhileAnotherHasRoomAndWhenNoneHasTheyAreStillSent() {
        SenderQuotas quotas = instance();
        List<Quota> pool = pool(null, 3, "it1@contoso.example", "it2@contoso.example");
        for (int i = 0; i < 3; i++) {
            this.auditTrail.recordAll(List.of(new AuditEvent(T0, "operator@contoso.example", "u" + i
                    + "@contoso.example", Action.MESSAGE, "SENT", "accepted", 1L, "it1@contoso.example")));
        }

        List<Slot> slots = quotas.reserve(null, pool, 5);

        assertThat(slots).extracting(Slot::mailbox).containsExactly("it2@contoso.example", "it2@contoso.example",
                "it2@contoso.example", "it1@contoso.example", "it2@contoso.example");
    }

    @Test
    void withoutRatesOrLimitsTheMessagesTakeTurnsAndTheDatabaseIsNotAsked() {
        List<Slot> slots = instance().reserve(null, pool(null, 0, "a@contoso.example", "b@contoso.example"), 4);

        assertThat(slots).extracting(Slot::mailbox).containsExactly("a@contoso.example", "b@contoso.example",
                "a@contoso.example", "b@contoso.example");
        assertThat(slots).extracting(Slot::at).containsOnly(T0);
        assertThat(this.database.jdbc().sql("SELECT COUNT(*) FROM SENDER_QUOTA").query(Long.class).single())
            .isZero();
    }

    @Test
    void eachMailboxsUseCountsItsOwnMessagesAndThoseRecordedBeforeMailboxesWere() {
        Function<String, AuditEvent> sent = (sender) -> new AuditEvent(T0, "operator@contoso.example",
                "u@contoso.example", Action.MESSAGE, "SENT", "accepted", 1L, sender);
        this.auditTrail.recordAll(List.of(sent.apply("a@contoso.example"), sent.apply("a@contoso.example"),
                sent.apply(null), sent.apply("b@contoso.example")));

        List<SenderQuotas.Use> use = instance().use(pool(SendRate.parse("30/min"), 10000, "a@contoso.example",
                "b@contoso.example"));

        assertThat(use).extracting(SenderQuotas.Use::describe).containsExactly(
                "a@contoso.example: 3 of 10000 messages in the last 24 hours, at most 30/min",
                "b@contoso.example: 2 of 10000 messages in the last 24 hours, at most 30/min");
    }
}
