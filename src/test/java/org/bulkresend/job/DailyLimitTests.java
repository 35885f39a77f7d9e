package org.bulkresend.job;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bulkresend.access.AuditEvent;
import org.bulkresend.access.AuditEvent.Action;
import org.bulkresend.access.AuditTrail;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.MailRoutes;
import org.bulkresend.notify.SenderQuotas;
import org.bulkresend.support.MovableClock;
import org.bulkresend.support.SchemaDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --daily-limit}: which messages count into the 24-hour window, when the window rolls, and
 * the time a stopped run names for trying again. The audit trail is a real HSQLDB database with
 * the product's schema; time is a clock the tests move, never the machine's.
 */
class DailyLimitTests {

    static final Instant MONDAY_9 = Instant.parse("2026-03-02T09:00:00Z");

    static final long RUN = 7;

    static final String SENDER = "it@contoso.example";

    static final Pattern NAMED_TIME = Pattern.compile("Run the same command again after (.+?) \\(or on");

    /** As the admin reads it on the console: the machine's time zone, to the minute. */
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")
        .withZone(ZoneId.systemDefault());

    final MovableClock clock = new MovableClock(MONDAY_9);

    AuditTrail auditTrail;

    Ledger ledger;

    SchemaDatabase database;

    int messages;

    @BeforeEach
    void emptyDatabase() {
        this.database = SchemaDatabase.create("daily-limit");
        NamedParameterJdbcTemplate named = this.database.named();
        this.auditTrail = new AuditTrail(named, this.clock);
        this.ledger = new Ledger(this.database.jdbc(), named, this.clock);
    }

    @AfterEach
    void leaveNoStep() {
        StepSynchronizationManager.close();
    }

    /** The limit of runs whose one sender sends within {@code --daily-limit limit}. */
    DailyLimit limit(int limit, int chunkSize) {
        return new DailyLimit(chunkSize, routes(limit, SENDER), this.ledger);
    }

    MailRoutes routes(int dailyLimit, String from) {
        SenderQuotas quotas = new SenderQuotas(this.database.named(), this.database.transactions(), this.auditTrail,
                this.clock);
        MailRoutes.Settings settings = new MailRoutes.Settings(MailRoute.Kind.OUTBOX, null, null, from, true, null,
                dailyLimit, 0, Duration.ZERO, Duration.ZERO, null, null);
        return new MailRoutes(settings, (route) -> null, () -> null, (sender) -> null, Path.of("outbox"), this.clock,
                quotas);
    }

    /** One event of the audit trail at that moment, for a user of its own. */
    void event(Instant at, Action action, String outcome, long run) {
        this.messages++;
        this.auditTrail.recordAll(List.of(new AuditEvent(at, "operator@contoso.example",
                "user" + this.messages + "@contoso.example", action, outcome, "as the server answered", run)));
    }

    void sent(Instant... times) {
        for (Instant at : times) {
            event(at, Action.MESSAGE, "SENT", RUN);
        }
    }

    void sentFrom(String sender, Instant... times) {
        for (Instant at : times) {
            this.messages++;
            this.auditTrail.recordAll(List.of(new AuditEvent(at, "operator@contoso.example",
                    "user" + this.messages + "@contoso.example", Action.MESSAGE, "SENT", "accepted", RUN, sender)));
        }
    }

    /** The resend step of a run of {@code rows} rows, as preflight leaves it. */
    static StepExecution resendStep(long rows) {
        return resendStep(rows, 11L);
    }

    /** The resend step of a run of {@code rows} rows in that execution, as preflight leaves it. */
    static StepExecution resendStep(long rows, long execution) {
        JobExecution job = MetaDataInstanceFactory.createJobExecution(ResendJobConfiguration.JOB_NAME, RUN,
                execution);
        job.getExecutionContext().putLong(PreflightTasklet.ROWS_KEY, rows);
        return MetaDataInstanceFactory.createStepExecution(job, "resend", 12L);
    }

    /** Starts a resend step of 10 rows, none handled yet, at the clock's time: true if the limit stops it. */
    boolean stopsBeforeTheFirstChunk(DailyLimit limit) {
        StepExecution step = resendStep(10);
        limit.beforeStep(step);
        assertThat(limit.reached() != null).as("a reason exactly when it stops").isEqualTo(step.isTerminateOnly());
        return step.isTerminateOnly();
    }

    /** The moment the stopped run names for running again, as the admin reads it. */
    static ZonedDateTime namedTime(DailyLimit limit) {
        Matcher named = NAMED_TIME.matcher(limit.reached());
        assertThat(named.find()).as(limit.reached()).isTrue();
        return ZonedDateTime.parse(named.group(1), WHEN);
    }

    static Instant hour(int hours, int minutes, int seconds) {
        return MONDAY_9.plus(Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds));
    }

    // What counts into the window

    @Test
    void withoutALimitNothingEverStopsARun() {
        for (int i = 0; i < 50; i++) {
            sent(MONDAY_9);
        }
        this.clock.set(hour(1, 0, 0));

        assertThat(stopsBeforeTheFirstChunk(limit(0, 50))).isFalse();
    }

    @Test
    void aRunStartsOnlyIfTheLast24HoursMessagesAndAWholeChunkFitTheLimit() {
        sent(hour(0, 0, 0), hour(0, 10, 0));
        this.clock.set(hour(1, 0, 0));
        assertThat(stopsBeforeTheFirstChunk(limit(4, 2))).as("2 sent + a chunk of 2 = the limit of 4").isFalse();

        sent(hour(0, 20, 0));
        assertThat(stopsBeforeTheFirstChunk(limit(4, 2))).as("3 sent + a chunk of 2 pass the limit of 4").isTrue();
        DailyLimit limit = limit(4, 2);
        limit.beforeStep(resendStep(10));
        assertThat(limit.reached()).contains("The daily limit of 4 messages is reached: 3 were sent in the last 24 "
                + "hours, and the next chunk could send 2.");
    }

    @Test
    void aMessageTheServerRefusedCountsLikeOneItAccepted() {
        sent(hour(0, 0, 0), hour(0, 10, 0));
        event(hour(0, 20, 0), Action.MESSAGE, "REFUSED", RUN);
        this.clock.set(hour(1, 0, 0));

        assertThat(stopsBeforeTheFirstChunk(limit(4, 2))).isTrue();
    }

    @Test
    void messagesThatNeverLeftAndEventsOtherThanMessagesDoNotCount() {
        sent(hour(0, 0, 0), hour(0, 10, 0));
        for (int i = 0; i < 5; i++) {
            event(hour(0, 20, i), Action.MESSAGE, "NOT_SENT", RUN);
            event(hour(0, 20, i), Action.RESET, "SUCCEEDED", RUN);
            event(hour(0, 20, i), Action.EXPIRE, "SUCCEEDED", RUN);
            event(hour(0, 20, i), Action.SIGN_IN, "SUCCEEDED", RUN);
        }
        this.clock.set(hour(1, 0, 0));

        assertThat(stopsBeforeTheFirstChunk(limit(4, 2))).isFalse();
    }

    @Test
    void everyRunsMessagesCountNotOnlyThisRuns() {
        event(hour(0, 0, 0), Action.MESSAGE, "SENT", 1);
        event(hour(0, 10, 0), Action.MESSAGE, "SENT", 2);
        event(hour(0, 20, 0), Action.MESSAGE, "SENT", 3);
        this.clock.set(hour(1, 0, 0));

        assertThat(stopsBeforeTheFirstChunk(limit(4, 2))).isTrue();
    }

    // When the window rolls

    @Test
    void aMessageLeavesTheWindowTwentyFourHoursAfterItWasSentAndNotBefore() {
        sent(MONDAY_9, MONDAY_9, MONDAY_9, MONDAY_9);
        Instant dayLater = MONDAY_9.plus(Duration.ofHours(24));

        this.clock.set(dayLater.minusSeconds(1));
        assertThat(stopsBeforeTheFirstChunk(limit(4, 2))).isTrue();
        this.clock.set(dayLater);
        assertThat(stopsBeforeTheFirstChunk(limit(4, 2))).as("sent exactly 24 hours ago still counts").isTrue();
        this.clock.set(dayLater.plusMillis(1));
        assertThat(stopsBeforeTheFirstChunk(limit(4, 2))).isFalse();
    }

    @Test
    void aFullChunkChecksTheWindowAgainAndTheShorterLastChunkDoesNot() {
        DailyLimit limit = limit(4, 2);
        StepExecution step = resendStep(10);
        limit.beforeStep(step);
        assertThat(step.isTerminateOnly()).isFalse();
        StepSynchronizationManager.register(step);

        sent(hour(0, 0, 0), hour(0, 0, 1), hour(0, 0, 2));
        limit.afterChunk(new Chunk<>(List.of("the last row")));
        assertThat(step.isTerminateOnly()).as("a chunk shorter than the chunk size was the step's last").isFalse();

        limit.afterChunk(new Chunk<>(List.of("a row", "another row")));
        assertThat(step.isTerminateOnly()).isTrue();
    }

    @Test
    void aRunWithEveryRowHandledIsNotStoppedAtTheLimitButOneWithAUserWaitingIs() {
        sent(MONDAY_9, MONDAY_9, MONDAY_9, MONDAY_9);
        this.clock.set(hour(1, 0, 0));
        this.ledger.save(List.of(
                new LedgerEntry(RUN, 2, "ada@contoso.example", "Ada", "ada@example.net", Status.NOTIFIED, "told", 1,
                        MONDAY_9, MONDAY_9, "<1@contoso.example>", "en"),
                new LedgerEntry(RUN, 3, "bo@contoso.example", "Bo", null, Status.REJECTED_UNKNOWN_USER, "unknown", 0,
                        null, null, null, null)));

        StepExecution twoRows = resendStep(2);
        limit(4, 2).beforeStep(twoRows);
        assertThat(twoRows.isTerminateOnly()).isFalse();

        this.ledger.save(List.of(new LedgerEntry(RUN, 3, "bo@contoso.example", "Bo", "bo@example.net",
                Status.RESET_NOT_NOTIFIED, "reset, not told", 1, MONDAY_9, null, null, "en")));
        StepExecution oneWaiting = resendStep(2);
        limit(4, 2).beforeStep(oneWaiting);
        assertThat(oneWaiting.isTerminateOnly()).isTrue();
    }

    @Test
    void eachStepStartsWithoutTheLastStopsReason() {
        DailyLimit limit = limit(4, 2);
        sent(MONDAY_9, MONDAY_9, MONDAY_9, MONDAY_9);
        this.clock.set(hour(1, 0, 0));
        limit.beforeStep(resendStep(10));
        assertThat(limit.reached()).isNotNull();

        this.clock.set(hour(25, 0, 0));
        limit.beforeStep(resendStep(10));
        assertThat(limit.reached()).isNull();
    }

    // The time it names for trying again

    @Test
    void theTimeItNamesIsTheMomentTheOldestMessagesLeaveWhenOneLeavingIsEnough() {
        sent(hour(0, 0, 0), hour(1, 0, 0), hour(2, 0, 0));
        this.clock.set(hour(3, 0, 0));
        DailyLimit limit = limit(4, 2);

        assertThat(stopsBeforeTheFirstChunk(limit)).isTrue();
        assertThat(limit.reached()).contains("Run the same command again after "
                + WHEN.format(hour(24, 0, 0)) + " (or on the next scheduled run)");
    }

    @Test
    void theTimeItNamesIsWhenEnoughMessagesHaveLeftForAWholeChunkNotWhenTheFirstOneLeaves() {
        sent(hour(0, 0, 0), hour(1, 0, 0), hour(2, 0, 0), hour(3, 0, 0));
        this.clock.set(hour(4, 0, 0));
        DailyLimit limit = limit(4, 2);
        assertThat(stopsBeforeTheFirstChunk(limit)).isTrue();

        // 4 sent, a chunk of 2, a limit of 4: two must leave, the second of them sent at 10:00 Monday.
        assertThat(namedTime(limit).toInstant()).isEqualTo(hour(25, 0, 0));
        this.clock.set(hour(25, 0, 0).plusMillis(1));
        assertThat(stopsBeforeTheFirstChunk(limit)).as("just after the time it named, the run continues").isFalse();
    }

    @Test
    void aChunkAsLargeAsTheLimitWaitsUntilTheLastMessageOfTheWindowHasLeft() {
        sent(hour(0, 0, 0), hour(5, 0, 0));
        this.clock.set(hour(6, 0, 0));
        DailyLimit limit = limit(4, 4);
        assertThat(stopsBeforeTheFirstChunk(limit)).isTrue();

        assertThat(namedTime(limit).toInstant()).isEqualTo(hour(29, 0, 0));
    }

    @Test
    void justAfterTheTimeItNamesTheRunContinuesAndAMinuteBeforeItDoesNot() {
        // Sent at whole seconds past the minute: the time named to the minute must not be too early.
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            times.add(hour(i, 7 * i, 31));
        }
        sent(times.toArray(Instant[]::new));
        this.clock.set(hour(7, 0, 0));
        DailyLimit limit = limit(6, 3);
        assertThat(stopsBeforeTheFirstChunk(limit)).isTrue();
        Instant named = namedTime(limit).toInstant();

        this.clock.set(named.plusMillis(1));
        assertThat(stopsBeforeTheFirstChunk(limit)).as("after " + named + ", as the message says").isFalse();
        this.clock.set(named.minus(Duration.ofMinutes(1)));
        assertThat(stopsBeforeTheFirstChunk(limit)).as("a minute before " + named).isTrue();
    }

    // A pool of mailboxes, and runs on several instances

    @Test
    void eachMailboxOfAPoolCountsOnlyItsOwnMessagesAndThePoolStopsWhenTogetherTheyHaveNoRoom() {
        DailyLimit limit = new DailyLimit(4, routes(4, "it1@contoso.example,IT <it2@contoso.example>"), this.ledger);
        sentFrom("it1@contoso.example", hour(0, 0, 0), hour(0, 1, 0), hour(0, 2, 0), hour(0, 3, 0));
        this.clock.set(hour(1, 0, 0));
        assertThat(stopsBeforeTheFirstChunk(limit)).as("it1 is full, it2 has room for the whole chunk").isFalse();

        sentFrom("it2@contoso.example", hour(0, 30, 0));
        assertThat(stopsBeforeTheFirstChunk(limit)).as("it2 has room for 3 of the chunk's 4").isTrue();
        assertThat(limit.reached()).contains("The daily limits of the 2 sending mailboxes are reached: "
                + "it1@contoso.example 4 of 4, it2@contoso.example 1 of 4 were sent in the last 24 hours, room for 3 "
                + "more, and the next chunk could send 4.");
        // One of it1's messages leaving is enough: 24 hours after the first, at 09:00 Tuesday.
        assertThat(namedTime(limit).toInstant()).isEqualTo(hour(24, 0, 0));
    }

    @Test
    void aRunOnAnotherInstanceHoldsRoomForItsChunkUntilItsNextChunkBoundaryOrItsEnd() {
        MailRoutes routes = routes(4, SENDER);
        StepExecution first = resendStep(10, 21L);
        new DailyLimit(2, routes, this.ledger).beforeStep(first);
        StepExecution second = resendStep(10, 22L);
        new DailyLimit(2, routes, this.ledger).beforeStep(second);
        assertThat(first.isTerminateOnly() || second.isTerminateOnly()).isFalse();

        StepExecution third = resendStep(10, 23L);
        DailyLimit limit = new DailyLimit(2, routes, this.ledger);
        limit.beforeStep(third);
        assertThat(third.isTerminateOnly()).as("nothing was sent yet, but the two chunks under way may send 4")
            .isTrue();
        assertThat(limit.reached()).contains("0 were sent in the last 24 hours (and runs on other instances hold "
                + "room for 4 more)");

        limit.release(first.getJobExecution());
        StepExecution fourth = resendStep(10, 24L);
        new DailyLimit(2, routes, this.ledger).beforeStep(fourth);
        assertThat(fourth.isTerminateOnly()).as("the first run ended, and its room with it").isFalse();
    }

    @Test
    void theHoldOfAnInstanceThatDiedEndsByItself() {
        MailRoutes routes = routes(2, SENDER);
        new DailyLimit(2, routes, this.ledger).beforeStep(resendStep(10, 31L));
        assertThat(stopsBeforeTheFirstChunk(new DailyLimit(2, routes, this.ledger))).isTrue();

        this.clock.set(MONDAY_9.plus(Duration.ofMinutes(16)));
        assertThat(stopsBeforeTheFirstChunk(new DailyLimit(2, routes, this.ledger))).isFalse();
    }
}
