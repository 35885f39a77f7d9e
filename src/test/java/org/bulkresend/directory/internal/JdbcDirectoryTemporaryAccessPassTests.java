package org.bulkresend.directory.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bulkresend.credential.PassRequest;
import org.bulkresend.credential.PassTerms;
import org.bulkresend.credential.TapPolicy;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.directory.internal.SignInAttempt.Outcome;
import org.bulkresend.password.Secret;
import org.bulkresend.storage.DataDirectoryStorage;
import org.bulkresend.support.MovableClock;
import org.bulkresend.support.SchemaDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The embedded directory's Temporary Access Passes, against a real HSQLDB with the product's
 * schema and a clock the test moves: what a user can sign in with, and the rows that prove it.
 */
class JdbcDirectoryTemporaryAccessPassTests {

    static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    static final String ANNA = "anna.berg@contoso.example";

    static final String BLOCKED = "blocked@contoso.example";

    static final String ANNA_PASSWORD = "Anna-Own-Pass-1";

    MovableClock clock = new MovableClock(NOW);

    SchemaDatabase database;

    JdbcClient jdbc;

    JdbcDirectory directory;

    List<String> committed = new ArrayList<>();

    @BeforeEach
    void database() {
        this.database = SchemaDatabase.create("tap");
        this.jdbc = this.database.jdbc();
        this.directory = directory(null, 1);
        this.directory.upsert(JdbcDirectoryTests.user(ANNA, AccountState.ACTIVE));
        this.directory.upsert(JdbcDirectoryTests.user(BLOCKED, AccountState.BLOCKED));
        this.directory.setPassword(ANNA, Secret.of(ANNA_PASSWORD));
    }

    /** The directory on this database; every commit's transaction name is noted in {@link #committed}. */
    JdbcDirectory directory(JdbcTemplate batch, int hashThreads) {
        DataSourceTransactionManager transactions = this.database.transactions();
        transactions.addListener(new TransactionExecutionListener() {

            @Override
            public void afterCommit(TransactionExecution transaction, Throwable commitFailure) {
                JdbcDirectoryTemporaryAccessPassTests.this.committed.add(transaction.getTransactionName());
            }
        });
        return new JdbcDirectory(this.jdbc, batch, JdbcDirectoryTests.ENCODER, hashThreads, null, transactions,
                this.clock);
    }

    DirectoryUser anna() {
        return this.directory.find(ANNA).orElseThrow();
    }

    Secret issue(PassRequest request) {
        ResetResult result = this.directory.issueTemporaryAccessPasses(List.of(anna()), request).get(0);
        assertThat(result.succeeded()).as(result.failure()).isTrue();
        return result.credential();
    }

    List<Map<String, Object>> passRows() {
        return this.jdbc.sql("SELECT * FROM DIRECTORY_TAP ORDER BY UPN_KEY").query().listOfRows();
    }

    static Instant instant(Object timestamp) {
        return ((OffsetDateTime) timestamp).toInstant();
    }

    @Test
    void theSeededPolicyIsEntraIdsDefaults() {
        assertThat(this.directory.temporaryAccessPassPolicy()).isEqualTo(TapPolicy.ENTRA_DEFAULTS);
        assertThat(this.jdbc.sql("SELECT * FROM DIRECTORY_TAP_POLICY").query().listOfRows()).singleElement()
            .satisfies((row) -> assertThat(row).containsEntry("ENABLED", true)
                .containsEntry("MIN_LIFETIME_MINUTES", 60)
                .containsEntry("MAX_LIFETIME_MINUTES", 480)
                .containsEntry("DEFAULT_LIFETIME_MINUTES", 60)
                .containsEntry("USABLE_ONCE", false)
                .containsEntry("PASS_LENGTH", 8)
                .containsEntry("UPDATED_AT", null));
    }

    @Test
    void thePassIsStoredOnlyAsAHashWithItsTerms() {
        ResetResult result = this.directory.issueTemporaryAccessPasses(List.of(anna()), PassRequest.POLICY_DEFAULTS)
            .get(0);

        String pass = result.credential().reveal();
        assertThat(pass).hasSize(8);
        assertThat(result.terms()).isEqualTo(new PassTerms(NOW, NOW.plus(Duration.ofHours(1)), false));
        assertThat(passRows()).singleElement().satisfies((row) -> {
            assertThat(row).containsEntry("UPN_KEY", ANNA).containsEntry("USABLE_ONCE", false)
                .containsEntry("USED_AT", null);
            assertThat(instant(row.get("STARTS_AT"))).isEqualTo(NOW);
            assertThat(instant(row.get("ENDS_AT"))).isEqualTo(NOW.plus(Duration.ofHours(1)));
            assertThat(instant(row.get("CREATED_AT"))).isEqualTo(NOW);
            assertThat(JdbcDirectoryTests.ENCODER.matches(pass, (String) row.get("PASS_HASH"))).isTrue();
        });
        List<String> tables = this.jdbc.sql("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE'").query(String.class).list();
        assertThat(tables).contains("DIRECTORY_TAP", "DIRECTORY_USER");
        for (String table : tables) {
            for (Map<String, Object> row : this.jdbc.sql("SELECT * FROM \"" + table + "\"").query().listOfRows()) {
                assertThat(row.values()).as("no column of " + table + " holds the pass")
                    .allSatisfy((value) -> assertThat(String.valueOf(value)).doesNotContain(pass));
            }
        }
    }

    @Test
    void passesAreLettersAndDigitsWithoutLookAlikesOfThePolicysLength() {
        this.directory.changeTemporaryAccessPassPolicy(new TapPolicy(true, Duration.ofHours(1), Duration.ofHours(8),
                Duration.ofHours(1), false, 48));

        String pass = issue(PassRequest.POLICY_DEFAULTS).reveal();

        assertThat(pass).hasSize(48).matches("[A-Za-z2-9]+").doesNotContain("O", "0", "1", "l", "I");
    }

    @Test
    void theUsersPasswordIsUntouchedAndStillSignsIn() {
        Map<String, Object> before = this.jdbc.sql("SELECT * FROM DIRECTORY_USER WHERE UPN_KEY = ?").param(ANNA)
            .query().singleRow();
        this.clock.set(NOW.plus(Duration.ofMinutes(5)));

        Secret pass = issue(PassRequest.POLICY_DEFAULTS);

        assertThat(this.jdbc.sql("SELECT * FROM DIRECTORY_USER WHERE UPN_KEY = ?").param(ANNA).query().singleRow())
            .as("PASSWORD_HASH, MUST_CHANGE_PASSWORD, PASSWORD_LAST_SET and the rest as they were")
            .isEqualTo(before);
        assertThat(this.directory.signIn(ANNA, Secret.of(ANNA_PASSWORD)).outcome()).isEqualTo(Outcome.PASSWORD);
        assertThat(this.directory.signIn(ANNA, pass).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aNewPassReplacesTheOldWhichNoLongerSignsIn() {
        Secret old = issue(PassRequest.POLICY_DEFAULTS);
        this.clock.set(NOW.plus(Duration.ofMinutes(10)));

        Secret replacement = issue(new PassRequest(Duration.ofHours(2), false, null));

        assertThat(passRows()).singleElement().satisfies((row) -> {
            assertThat(JdbcDirectoryTests.ENCODER.matches(replacement.reveal(), (String) row.get("PASS_HASH"))).isTrue();
            assertThat(instant(row.get("ENDS_AT"))).isEqualTo(NOW.plus(Duration.ofMinutes(130)));
        });
        assertThat(this.directory.signIn(ANNA, old).outcome()).isEqualTo(Outcome.WRONG_SECRET);
        assertThat(this.directory.signIn(ANNA, replacement).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aPassWorksFromItsStartUntilItsEnd() {
        Instant start = NOW.plus(Duration.ofDays(1));
        Secret pass = issue(new PassRequest(Duration.ofHours(2), false, start));

        SignInAttempt early = this.directory.signIn(ANNA, pass);
        this.clock.set(start);
        SignInAttempt atStart = this.directory.signIn(ANNA, pass);
        this.clock.set(start.plus(Duration.ofHours(2)));
        SignInAttempt atEnd = this.directory.signIn(ANNA, pass);

        assertThat(early.outcome()).isEqualTo(Outcome.PASS_NOT_STARTED);
        assertThat(early.pass().terms().startsAt()).isEqualTo(start);
        assertThat(atStart.outcome()).isEqualTo(Outcome.PASS);
        assertThat(atEnd.outcome()).isEqualTo(Outcome.PASS_EXPIRED);
        assertThat(this.directory.verifyPassword(ANNA, pass)).as("the operator's sign-in refuses it too").isFalse();
        assertThat(instant(passRows().get(0).get("USED_AT"))).as("the one sign-in that worked").isEqualTo(start);
    }

    @Test
    void aStartAlreadyPastStartsThePassWhenItIsIssued() {
        ResetResult result = this.directory.issueTemporaryAccessPasses(List.of(anna()),
                new PassRequest(null, false, NOW.minus(Duration.ofHours(3)))).get(0);

        assertThat(result.terms().startsAt()).isEqualTo(NOW);
        assertThat(instant(passRows().get(0).get("STARTS_AT"))).isEqualTo(NOW);
    }

    @Test
    void aOneTimePassSignsInOnceAndIsThenUsedUp() {
        Secret pass = issue(new PassRequest(null, true, null));
        this.clock.set(NOW.plus(Duration.ofMinutes(3)));

        SignInAttempt first = this.directory.signIn(ANNA, pass);
        SignInAttempt second = this.directory.signIn(ANNA, pass);

        assertThat(first.outcome()).isEqualTo(Outcome.PASS);
        assertThat(first.pass().usedUp()).isTrue();
        assertThat(second.outcome()).isEqualTo(Outcome.PASS_USED_UP);
        assertThat(passRows()).singleElement().satisfies((row) -> {
            assertThat(row).containsEntry("USABLE_ONCE", true);
            assertThat(instant(row.get("USED_AT"))).isEqualTo(NOW.plus(Duration.ofMinutes(3)));
        });
        assertThat(this.directory.signIn(ANNA, Secret.of(ANNA_PASSWORD)).outcome()).isEqualTo(Outcome.PASSWORD);
    }

    @Test
    void aReusablePassSignsInAgainAndTheFirstSignInIsWhatCountsAsRegistered() {
        Secret pass = issue(PassRequest.POLICY_DEFAULTS);
        assertThat(this.directory.registeredSignInMethod(anna())).isFalse();
        this.clock.set(NOW.plus(Duration.ofMinutes(3)));

        assertThat(this.directory.verifyPassword(ANNA, pass)).isTrue();
        this.clock.set(NOW.plus(Duration.ofMinutes(7)));
        assertThat(this.directory.signIn(ANNA, pass).outcome()).isEqualTo(Outcome.PASS);

        assertThat(instant(passRows().get(0).get("USED_AT"))).isEqualTo(NOW.plus(Duration.ofMinutes(3)));
        assertThat(this.directory.registeredSignInMethod(anna())).isTrue();
    }

    @Test
    void aPolicyThatMakesEveryPassOneTimeWinsOverTheRequest() {
        this.directory.changeTemporaryAccessPassPolicy(new TapPolicy(true, Duration.ofMinutes(10), Duration.ofDays(1),
                Duration.ofMinutes(30), true, 8));

        ResetResult result = this.directory.issueTemporaryAccessPasses(List.of(anna()), PassRequest.POLICY_DEFAULTS)
            .get(0);

        assertThat(result.terms()).isEqualTo(new PassTerms(NOW, NOW.plus(Duration.ofMinutes(30)), true));
        assertThat(passRows().get(0)).containsEntry("USABLE_ONCE", true);
    }

    @Test
    void twoSignInsAtOnceUseAOneTimePassOnlyOnce() throws Exception {
        this.jdbc.sql("SET DATABASE TRANSACTION CONTROL MVCC").update();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                Secret pass = issue(new PassRequest(null, true, null));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<SignInAttempt>> attempts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    attempts.add(threads.submit(() -> {
                        go.await();
                        return this.directory.signIn(ANNA, Secret.of(pass.reveal()));
                    }));
                }
                go.countDown();
                List<Outcome> outcomes = new ArrayList<>();
                for (Future<SignInAttempt> attempt : attempts) {
                    outcomes.add(attempt.get(30, TimeUnit.SECONDS).outcome());
                }

                assertThat(outcomes).as("round " + round).containsOnlyOnce(Outcome.PASS)
                    .containsOnly(Outcome.PASS, Outcome.PASS_USED_UP);
                assertThat(passRows().get(0).get("USED_AT")).isNotNull();
            }
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aLifetimeOutsideThePolicyFailsEveryUserNamingTheBoundsAndIssuesNothing() {
        List<ResetResult> tooLong = this.directory.issueTemporaryAccessPasses(List.of(anna(), anna()),
                new PassRequest(Duration.ofHours(9), false, null));
        List<ResetResult> tooShort = this.directory.issueTemporaryAccessPasses(List.of(anna()),
                new PassRequest(Duration.ofMinutes(30), false, null));

        assertThat(tooLong).hasSize(2).allSatisfy((result) -> {
            assertThat(result.succeeded()).isFalse();
            assertThat(result.credential()).isNull();
            assertThat(result.failure()).isEqualTo("the Temporary Access Pass policy allows lifetimes from 1 hour to "
                    + "8 hours, and 9 hours is longer");
        });
        assertThat(tooShort.get(0).failure()).endsWith("from 1 hour to 8 hours, and 30 minutes is shorter");
        assertThat(passRows()).isEmpty();
    }

    @Test
    void aDisabledPolicyFailsEveryUserAndIssuesNothing() {
        this.directory.changeTemporaryAccessPassPolicy(new TapPolicy(false, Duration.ofHours(1), Duration.ofHours(8),
                Duration.ofHours(1), false, 8));

        List<ResetResult> results = this.directory.issueTemporaryAccessPasses(List.of(anna()),
                PassRequest.POLICY_DEFAULTS);

        assertThat(results).singleElement().satisfies((result) -> {
            assertThat(result.succeeded()).isFalse();
            assertThat(result.failure()).contains("policy is disabled");
        });
        assertThat(passRows()).isEmpty();
    }

    @Test
    void aUserWhoIsNotActiveOrGoneFailsAndTheOthersGetTheirPassInOneNamedTransaction() {
        assertOneFailureDoesNotStopTheOthers(this.directory);
    }

    @Test
    void aChunkIsStoredInOneBatchHashedOnSeveralThreads() {
        assertOneFailureDoesNotStopTheOthers(directory(new JdbcTemplate(this.database.dataSource()), 2));
    }

    private void assertOneFailureDoesNotStopTheOthers(JdbcDirectory directory) {
        this.committed.clear();

        List<ResetResult> results = directory.issueTemporaryAccessPasses(List.of(anna(),
                JdbcDirectoryTests.user("gone@contoso.example", AccountState.ACTIVE),
                JdbcDirectoryTests.user(BLOCKED, AccountState.ACTIVE)), PassRequest.POLICY_DEFAULTS);

        assertThat(results).extracting(ResetResult::succeeded).containsExactly(true, false, false);
        assertThat(results.subList(1, 3)).extracting(ResetResult::failure)
            .containsOnly("the account no longer exists or is no longer active");
        assertThat(passRows()).extracting((row) -> row.get("UPN_KEY")).containsExactly(ANNA);
        assertThat(this.committed).containsExactly(DataDirectoryStorage.PASSWORD_RESET_TRANSACTION);
        assertThat(directory.signIn(ANNA, results.get(0).credential()).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aBlockedUserCannotSignInWithTheirPassButTheOperatorsSignInStillKnowsTheirPassword() {
        Secret pass = issue(PassRequest.POLICY_DEFAULTS);
        DirectoryUser anna = anna();
        this.directory.upsert(new DirectoryUser(ANNA, anna.displayName(), null, null, AccountState.BLOCKED, Set.of(),
                null, anna.alternateEmail(), "en", false, null));

        assertThat(this.directory.signIn(ANNA, pass).outcome()).isEqualTo(Outcome.NOT_ACTIVE);
        assertThat(this.directory.verifyPassword(ANNA, pass)).isFalse();
        assertThat(this.directory.verifyPassword(ANNA, Secret.of(ANNA_PASSWORD)))
            .as("as before passes: the operator's sign-in then says the account is blocked").isTrue();
        assertThat(passRows().get(0).get("USED_AT")).isNull();
        assertThat(this.directory.signIn("nobody@contoso.example", pass).outcome()).isEqualTo(Outcome.NO_SUCH_USER);
    }

    @Test
    void anImportThatChecksThePasswordNeitherTakesThePassForItNorUsesItUp() {
        Secret pass = issue(new PassRequest(null, true, null));

        assertThat(this.directory.passwordMatches(ANNA, pass)).isFalse();
        assertThat(this.directory.passwordMatches(ANNA, Secret.of(ANNA_PASSWORD))).isTrue();
        assertThat(passRows().get(0).get("USED_AT")).isNull();
        assertThat(this.directory.signIn(ANNA, pass).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void revokeDeletesAPassNobodySignedInWithBeforeItsEndOnly() {
        Secret pass = issue(PassRequest.POLICY_DEFAULTS);

        assertThat(this.directory.revokeTemporaryAccessPass(anna())).isTrue();
        assertThat(passRows()).isEmpty();
        assertThat(this.directory.signIn(ANNA, pass).outcome()).isEqualTo(Outcome.WRONG_SECRET);
        assertThat(this.directory.revokeTemporaryAccessPass(anna())).as("nothing left to delete").isFalse();

        Secret used = issue(PassRequest.POLICY_DEFAULTS);
        assertThat(this.directory.signIn(ANNA, used).succeeded()).isTrue();
        assertThat(this.directory.revokeTemporaryAccessPass(anna())).as("signed in with: the record stays").isFalse();
        assertThat(passRows()).hasSize(1);

        issue(PassRequest.POLICY_DEFAULTS);
        this.clock.set(NOW.plus(Duration.ofHours(1)));
        assertThat(this.directory.revokeTemporaryAccessPass(anna())).as("ended already").isFalse();
        assertThat(passRows()).hasSize(1);
    }

    @Test
    void thePolicyChangesWithinEntraIdsLimitsOnly() {
        TapPolicy changed = new TapPolicy(true, Duration.ofMinutes(10), Duration.ofDays(30), Duration.ofHours(4), true,
                12);
        this.clock.set(NOW.plus(Duration.ofMinutes(1)));

        this.directory.changeTemporaryAccessPassPolicy(changed);

        assertThat(this.directory.temporaryAccessPassPolicy()).isEqualTo(changed);
        Map<String, Object> row = this.jdbc.sql("SELECT * FROM DIRECTORY_TAP_POLICY").query().singleRow();
        assertThat(row).containsEntry("MAX_LIFETIME_MINUTES", 43_200).containsEntry("PASS_LENGTH", 12);
        assertThat(instant(row.get("UPDATED_AT"))).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> this.directory.changeTemporaryAccessPassPolicy(
                new TapPolicy(true, Duration.ofHours(1), Duration.ofHours(8), Duration.ofHours(9), false, 8)))
            .withMessage("The default lifetime (9 hours) must be between the minimum (1 hour) and the maximum "
                    + "(8 hours).");
        assertThatIllegalArgumentException().isThrownBy(() -> this.directory.changeTemporaryAccessPassPolicy(
                new TapPolicy(true, Duration.ofMinutes(5), Duration.ofHours(8), Duration.ofHours(1), false, 8)))
            .withMessage("The minimum lifetime must be from 10 minutes to 30 days, not 5 minutes.");
        assertThatIllegalArgumentException().isThrownBy(() -> this.directory.changeTemporaryAccessPassPolicy(
                new TapPolicy(true, Duration.ofHours(1), Duration.ofHours(8), Duration.ofHours(1), false, 49)))
            .withMessage("A pass must have 8 to 48 characters, not 49.");
        assertThat(this.directory.temporaryAccessPassPolicy()).as("unchanged by the refusals").isEqualTo(changed);
    }

    @Test
    void theListOfPassesHoldsTermsAndUseButNoPass() {
        issue(new PassRequest(null, true, null));

        assertThat(this.directory.temporaryAccessPasses()).containsOnlyKeys(ANNA).hasEntrySatisfying(ANNA,
                (pass) -> {
                    assertThat(pass.terms()).isEqualTo(new PassTerms(NOW, NOW.plus(Duration.ofHours(1)), true));
                    assertThat(pass.usedAt()).isNull();
                    assertThat(pass.worksAt(NOW)).isTrue();
                });
    }
}
