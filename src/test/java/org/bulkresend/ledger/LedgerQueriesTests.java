package org.bulkresend.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.bulkresend.ledger.Ledger.Told;
import org.bulkresend.support.SchemaDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's queries against the product's own schema in a real HSQLDB database: which entries
 * each one finds, for which run, and in which order. Every time is a fixed instant.
 */
class LedgerQueriesTests {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    static final String ANNA = "anna.berg@contoso.example";

    static final String BEN = "ben.okafor@contoso.example";

    static final String CHLOE = "chloe.martin@contoso.example";

    Ledger ledger;

    JdbcClient jdbc;

    @BeforeEach
    void emptyLedger() {
        SchemaDatabase database = SchemaDatabase.create("ledger");
        this.jdbc = database.jdbc();
        this.ledger = new Ledger(this.jdbc, database.named(),
                Clock.fixed(T0.plus(Duration.ofDays(30)), ZoneOffset.UTC));
    }

    static Instant at(int hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    static LedgerEntry entry(long run, long line, String upn, Status status, Instant resetAt, Instant notifiedAt) {
        return new LedgerEntry(run, line, upn, "Display " + line, "someone@example.net", status,
                status.meaning(), 1, resetAt, notifiedAt, (notifiedAt != null) ? "<" + run + "." + line + "@contoso.example>"
                        : null, "en");
    }

    /** Reset at {@code hours} after T0 and told a minute later. */
    static LedgerEntry told(long run, long line, String upn, int hours) {
        return entry(run, line, upn, Status.NOTIFIED, at(hours), at(hours).plusSeconds(60));
    }

    void save(LedgerEntry... entries) {
        this.ledger.save(List.of(entries));
    }

    static List<String> runsAndLines(List<Told> told) {
        return told.stream().map((t) -> t.entry().jobInstanceId() + ":" + t.entry().line()).toList();
    }

    // save

    @Test
    void savingTheSameRunAndLineAgainReplacesTheEntryInsteadOfAddingOne() {
        save(entry(1, 2, ANNA, Status.RESET_NOT_NOTIFIED, at(0), null));
        save(told(1, 2, ANNA, 0));

        assertThat(this.jdbc.sql("SELECT COUNT(*) FROM RESEND_LEDGER").query(Long.class).single()).isEqualTo(1L);
        assertThat(this.ledger.entriesForLines(1, List.of(2L)).get(2L).status()).isEqualTo(Status.NOTIFIED);
    }

    // entriesForLines

    @Test
    void entriesForLinesGivesOnlyTheAskedLinesOfThatRun() {
        save(told(1, 2, ANNA, 0), entry(1, 3, BEN, Status.REJECTED_UNKNOWN_USER, null, null), told(1, 4, CHLOE, 0),
                told(2, 2, BEN, 1));

        Map<Long, LedgerEntry> found = this.ledger.entriesForLines(1, List.of(2L, 4L, 9L));

        assertThat(found).containsOnlyKeys(2L, 4L);
        assertThat(found.get(2L)).isEqualTo(told(1, 2, ANNA, 0));
        assertThat(found.get(4L).userPrincipalName()).isEqualTo(CHLOE);
        assertThat(this.ledger.entriesForLines(1, List.of())).isEmpty();
    }

    @Test
    void anEntryReadBackIsTheEntrySavedTimesAndExpiryIncluded() {
        LedgerEntry saved = told(7, 12, ANNA, 5).withExpiry(at(5 + 72));
        save(saved);

        assertThat(this.ledger.entriesForLines(7, List.of(12L)).get(12L)).isEqualTo(saved);
    }

    // firstClaimingLines

    @Test
    void firstClaimingLinesGivesEachUsersFirstLineWhoseStatusSpeaksForThemInThisRunOnly() {
        save(entry(1, 2, ANNA, Status.REJECTED_UNREACHABLE_ADDRESS, null, null), // the row's own fault: no claim
                told(1, 5, "Anna.Berg@Contoso.example", 0), entry(1, 7, ANNA, Status.REJECTED_DUPLICATE, null, null),
                entry(1, 9, ANNA, Status.RESET_NOT_NOTIFIED, at(0), null),
                entry(1, 3, BEN, Status.REJECTED_INVALID_ROW, null, null),
                entry(1, 6, CHLOE, Status.REJECTED_UNKNOWN_USER, null, null), told(2, 1, BEN, 0));

        Map<String, Long> first = this.ledger.firstClaimingLines(1, List.of(ANNA, BEN, CHLOE));

        assertThat(first).containsExactlyInAnyOrderEntriesOf(Map.of(ANNA, 5L, CHLOE, 6L));
        assertThat(this.ledger.firstClaimingLines(2, List.of(ANNA, BEN))).containsExactlyEntriesOf(Map.of(BEN, 1L));
        assertThat(this.ledger.firstClaimingLines(1, List.of())).isEmpty();
    }

    // notifiedInOtherRuns, toldInOtherRuns, notifiedByAnyRun

    @Test
    void notifiedInOtherRunsGivesTheLatestNotificationByTimeFromAnyRunButThisOne() {
        // Run 5 told Anna before run 3 did: "latest" is by the time told, not by the run's number.
        save(told(5, 2, ANNA, 0), told(3, 2, ANNA, 10), told(4, 2, ANNA, 20));

        assertThat(this.ledger.notifiedInOtherRuns(4, List.of(ANNA)).get(ANNA).jobInstanceId()).isEqualTo(3);
        assertThat(this.ledger.notifiedInOtherRuns(9, List.of(ANNA)).get(ANNA).jobInstanceId()).isEqualTo(4);
        assertThat(this.ledger.notifiedInOtherRuns(9, List.of())).isEmpty();
    }

    @Test
    void notifiedInOtherRunsIgnoresEveryStatusButNotified() {
        save(entry(1, 2, ANNA, Status.RESET_NOT_NOTIFIED, at(0), null),
                entry(1, 3, BEN, Status.NOTIFY_REJECTED, at(0), null),
                entry(1, 4, CHLOE, Status.SKIPPED_ALREADY_NOTIFIED, null, null));
        save(told(2, 2, ANNA, 1));
        this.ledger.expired(told(2, 2, ANNA, 1), at(80), "replaced");

        assertThat(this.ledger.notifiedInOtherRuns(3, List.of(ANNA, BEN, CHLOE))).isEmpty();
    }

    @Test
    void toldInOtherRunsCountsAPasswordThatExpiredSinceAsTold() {
        save(told(1, 2, ANNA, 0), told(2, 2, BEN, 0), entry(3, 2, CHLOE, Status.RESET_NOT_NOTIFIED, at(0), null));
        this.ledger.expired(told(1, 2, ANNA, 0), at(72), "told, never used: replaced");

        Map<String, LedgerEntry> told = this.ledger.toldInOtherRuns(9, List.of(ANNA, BEN, CHLOE));

        assertThat(told).containsOnlyKeys(ANNA, BEN);
        assertThat(told.get(ANNA).status()).isEqualTo(Status.EXPIRED);
        assertThat(told.get(BEN).status()).isEqualTo(Status.NOTIFIED);
        assertThat(this.ledger.toldInOtherRuns(1, List.of(ANNA))).as("this run's own entry does not count").isEmpty();
    }

    @Test
    void notifiedByAnyRunIncludesEveryRunAndTheLatestWins() {
        save(told(1, 2, ANNA, 0), told(2, 8, ANNA, 5), told(2, 9, BEN, 1));

        Map<String, LedgerEntry> notified = this.ledger.notifiedByAnyRun(List.of(ANNA, BEN, CHLOE));

        assertThat(notified).containsOnlyKeys(ANNA, BEN);
        assertThat(notified.get(ANNA).line()).isEqualTo(8);
        assertThat(notified.get(BEN).jobInstanceId()).isEqualTo(2);
    }

    // linesWithStatus, countByStatus

    @Test
    void linesWithStatusGivesThisRunsLinesInThatStatusOnly() {
        save(entry(1, 2, ANNA, Status.RESET_NOT_NOTIFIED, at(0), null), told(1, 3, BEN, 0),
                entry(1, 4, CHLOE, Status.RESET_NOT_NOTIFIED, at(0), null),
                entry(2, 5, CHLOE, Status.RESET_NOT_NOTIFIED, at(0), null));

        assertThat(this.ledger.linesWithStatus(1, Status.RESET_NOT_NOTIFIED)).containsExactlyInAnyOrder(2L, 4L);
        assertThat(this.ledger.linesWithStatus(1, Status.FAILED_RESET)).isEmpty();
        assertThat(this.ledger.linesWithStatus(3, Status.RESET_NOT_NOTIFIED)).isEmpty();
    }

    @Test
    void countByStatusCountsThisRunsRowsAndNamesNoStatusItDoesNotHave() {
        save(told(1, 2, ANNA, 0), told(1, 3, BEN, 0), entry(1, 4, CHLOE, Status.REJECTED_DUPLICATE, null, null),
                told(2, 2, CHLOE, 0), entry(2, 3, ANNA, Status.FAILED_RESET, null, null));

        assertThat(this.ledger.countByStatus(1)).hasSize(2)
            .containsEntry(Status.NOTIFIED, 2L)
            .containsEntry(Status.REJECTED_DUPLICATE, 1L);
        assertThat(this.ledger.countByStatus(3)).isEmpty();
    }

    // toldAndNotChanged

    @Test
    void toldAndNotChangedListsEachUsersLatestResetOnlyOldestFirst() {
        save(told(1, 2, ANNA, 0), told(1, 3, BEN, 2), told(2, 2, ANNA, 4), told(3, 7, CHLOE, 1));

        assertThat(runsAndLines(this.ledger.toldAndNotChanged(at(100)))).containsExactly("3:7", "1:3", "2:2");
    }

    @Test
    void toldAndNotChangedLeavesOutAUserWhoseLatestResetWasNeverTold() {
        // Run 2 reset Anna again and could not tell her: the password run 1 told her no longer works.
        save(told(1, 2, ANNA, 0), entry(2, 2, ANNA, Status.RESET_NOT_NOTIFIED, at(5), null), told(1, 3, BEN, 0));

        assertThat(runsAndLines(this.ledger.toldAndNotChanged(at(100)))).containsExactly("1:3");
    }

    @Test
    void toldAndNotChangedTakesUsersToldAtOrBeforeTheMomentAndNotAfter() {
        save(told(1, 2, ANNA, 0), told(1, 3, BEN, 1));
        Instant benTold = at(1).plusSeconds(60);

        assertThat(runsAndLines(this.ledger.toldAndNotChanged(benTold))).containsExactly("1:2", "1:3");
        assertThat(runsAndLines(this.ledger.toldAndNotChanged(benTold.minusMillis(1)))).containsExactly("1:2");
    }

    @Test
    void toldAndNotChangedLeavesOutPasswordsSeenChangedAndKeepsExpiredOnesWithTheirTime() {
        save(told(1, 2, ANNA, 0), told(1, 3, BEN, 0), told(1, 4, CHLOE, 0));
        this.ledger.passwordChanged(told(1, 2, ANNA, 0), at(3));
        this.ledger.expired(told(1, 3, BEN, 0), at(72), "replaced by a random password nobody knows");

        List<Told> told = this.ledger.toldAndNotChanged(at(100));

        assertThat(runsAndLines(told)).containsExactly("1:3", "1:4");
        assertThat(told.get(0).entry().status()).isEqualTo(Status.EXPIRED);
        assertThat(told.get(0).expiredAt()).isEqualTo(at(72));
        assertThat(told.get(1).expiredAt()).isNull();
    }

    // expiredAndNotChanged

    @Test
    void expiredAndNotChangedTakesNotifiedPasswordsWhoseExpiryIsAtOrBeforeNowSoonestExpiredFirst() {
        save(told(1, 2, ANNA, 0).withExpiry(at(72)), told(1, 3, BEN, 0).withExpiry(at(24)),
                told(1, 4, CHLOE, 0).withExpiry(at(73)), told(1, 5, "dana.ito@contoso.example", 0));

        assertThat(runsAndLines(this.ledger.expiredAndNotChanged(at(72)))).containsExactly("1:3", "1:2");
        assertThat(runsAndLines(this.ledger.expiredAndNotChanged(at(72).minusMillis(1)))).containsExactly("1:3");
    }

    @Test
    void expiredAndNotChangedLeavesOutChangedReplacedAndSupersededPasswords() {
        save(told(1, 2, ANNA, 0).withExpiry(at(24)), told(1, 3, BEN, 0).withExpiry(at(24)),
                told(1, 4, CHLOE, 0).withExpiry(at(24)));
        this.ledger.passwordChanged(told(1, 2, ANNA, 0), at(2));
        this.ledger.expired(told(1, 3, BEN, 0), at(30), "replaced");
        save(told(2, 2, CHLOE, 10).withExpiry(at(10 + 72))); // told again since, expiring later

        assertThat(this.ledger.expiredAndNotChanged(at(48))).isEmpty();
        assertThat(runsAndLines(this.ledger.expiredAndNotChanged(at(82)))).containsExactly("2:2");
    }

    @Test
    void anExpiryInterruptedBeforeTheDirectoryAnsweredIsStillDueAndCarriesItsStart() {
        LedgerEntry anna = told(1, 2, ANNA, 0).withExpiry(at(24));
        save(anna);
        this.ledger.expiring(anna, at(30));

        List<Told> due = this.ledger.expiredAndNotChanged(at(31));

        assertThat(runsAndLines(due)).containsExactly("1:2");
        assertThat(due.get(0).expiredAt()).isEqualTo(at(30));
        assertThat(due.get(0).setNoLaterThan()).as("a NOTIFIED entry's password was set when told")
            .isEqualTo(anna.notifiedAt());
    }

    // passwordChanged, expiring, expired

    @Test
    void passwordChangedMarksThatRunsLineOnly() {
        save(told(1, 2, ANNA, 0), told(2, 2, BEN, 0), told(1, 3, CHLOE, 0));

        this.ledger.passwordChanged(told(1, 2, ANNA, 0), at(5));

        assertThat(this.jdbc.sql("SELECT JOB_INSTANCE_ID, LINE_NUMBER FROM RESEND_LEDGER "
                + "WHERE PASSWORD_CHANGED_AT IS NOT NULL").query((rs, n) -> rs.getLong(1) + ":" + rs.getLong(2))
            .list()).containsExactly("1:2");
        assertThat(runsAndLines(this.ledger.toldAndNotChanged(at(100)))).containsExactly("1:3", "2:2");
    }

    @Test
    void expiringClearedByNullLeavesTheToldPasswordAsItWas() {
        LedgerEntry anna = told(1, 2, ANNA, 0).withExpiry(at(24));
        save(anna);
        this.ledger.expiring(anna, at(30));

        this.ledger.expiring(anna, null);

        List<Told> due = this.ledger.expiredAndNotChanged(at(31));
        assertThat(due.get(0).expiredAt()).isNull();
        assertThat(due.get(0).entry().status()).isEqualTo(Status.NOTIFIED);
    }

    @Test
    void expiringNeverTouchesAnEntryThatIsNoLongerNotified() {
        LedgerEntry anna = told(1, 2, ANNA, 0).withExpiry(at(24));
        save(anna);
        this.ledger.expired(anna, at(30), "replaced");

        this.ledger.expiring(anna, null);

        Told told = this.ledger.toldAndNotChanged(at(100)).get(0);
        assertThat(told.expiredAt()).as("an EXPIRED entry keeps when it was replaced").isEqualTo(at(30));
    }

    @Test
    void expiredMakesTheEntryExpiredWithItsReasonAndTimeAndThatTimeBoundsThePassword() {
        LedgerEntry anna = told(1, 2, ANNA, 0).withExpiry(at(24));
        save(anna);

        this.ledger.expired(anna, at(30), "told on 2026-03-02, never used: replaced");

        Told told = this.ledger.toldAndNotChanged(at(100)).get(0);
        assertThat(told.entry().status()).isEqualTo(Status.EXPIRED);
        assertThat(told.entry().reason()).isEqualTo("told on 2026-03-02, never used: replaced");
        assertThat(told.entry().notifiedAt()).as("when told stays recorded").isEqualTo(anna.notifiedAt());
        assertThat(told.setNoLaterThan()).isEqualTo(at(30));
        assertThat(this.ledger.countByStatus(1)).containsExactlyEntriesOf(Map.of(Status.EXPIRED, 1L));
    }
}
