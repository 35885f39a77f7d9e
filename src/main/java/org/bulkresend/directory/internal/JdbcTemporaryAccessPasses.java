package org.bulkresend.directory.internal;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bulkresend.credential.PassRequest;
import org.bulkresend.credential.PassTerms;
import org.bulkresend.credential.TapPolicy;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.directory.internal.SignInAttempt.Outcome;
import org.bulkresend.password.ParallelHashing;
import org.bulkresend.password.Secret;
import org.bulkresend.storage.DataDirectoryStorage;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded directory's Temporary Access Passes and their policy, apart from its users so that
 * the passwords' code and the passes' code each stay readable. A pass is stored only as a hash,
 * with its start, end and one-time flag, one per user (DIRECTORY_TAP); the policy is one row
 * (DIRECTORY_TAP_POLICY) the schema seeds with Entra ID's defaults. Issuing a pass leaves the
 * user's password as it is, as Entra ID does.
 * <p>
 * A call's passes commit together in the transaction named
 * {@link DataDirectoryStorage#PASSWORD_RESET_TRANSACTION}, as a chunk's passwords do, for the same
 * reason: the engine must know the directory holds a pass before any message carries it, and that
 * commit fails if the data directory has no room left to record the messages that follow.
 */
final class JdbcTemporaryAccessPasses {

    /**
     * Letters and digits without those that look alike in common fonts (O/0, l/1/I): a pass is read
     * from a message and typed, as Entra ID's are.
     */
    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    static final String GONE = "the account no longer exists or is no longer active";

    /** Replaces the user's pass, or adds one; only an active user's (0 rows for anyone else). */
    private static final String ISSUE = """
            MERGE INTO DIRECTORY_TAP T
            USING (SELECT UPN_KEY FROM DIRECTORY_USER WHERE UPN_KEY = ? AND ACCOUNT_STATE = 'ACTIVE') U
            ON T.UPN_KEY = U.UPN_KEY
            WHEN MATCHED THEN UPDATE SET PASS_HASH = ?, STARTS_AT = ?, ENDS_AT = ?, USABLE_ONCE = ?, USED_AT = NULL,
                CREATED_AT = ?
            WHEN NOT MATCHED THEN INSERT (UPN_KEY, PASS_HASH, STARTS_AT, ENDS_AT, USABLE_ONCE, CREATED_AT)
                VALUES (U.UPN_KEY, ?, ?, ?, ?, ?)""";

    private static final String PASS_COLUMNS = "STARTS_AT, ENDS_AT, USABLE_ONCE, USED_AT";

    private final JdbcClient jdbc;

    private final JdbcTemplate batch;

    private final PasswordEncoder encoder;

    private final ParallelHashing hashing;

    private final TransactionTemplate ownTransaction;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param batch stores a call's passes in one JDBC batch, or null for a statement each
     * @param ownTransaction a new transaction named {@link DataDirectoryStorage#PASSWORD_RESET_TRANSACTION}
     */
    JdbcTemporaryAccessPasses(JdbcClient jdbc, JdbcTemplate batch, PasswordEncoder encoder, ParallelHashing hashing,
            TransactionTemplate ownTransaction, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.encoder = encoder;
        this.hashing = hashing;
        this.ownTransaction = ownTransaction;
        this.clock = clock;
    }

    /** The policy's row; a row deleted by hand reads as Entra ID's defaults, which the next start seeds again. */
    TapPolicy policy() {
        return this.jdbc.sql("""
                SELECT ENABLED, MIN_LIFETIME_MINUTES, MAX_LIFETIME_MINUTES, DEFAULT_LIFETIME_MINUTES, USABLE_ONCE,
                    PASS_LENGTH FROM DIRECTORY_TAP_POLICY WHERE ID = 1""")
            .query((rs, row) -> new TapPolicy(rs.getBoolean("ENABLED"), minutes(rs, "MIN_LIFETIME_MINUTES"),
                    minutes(rs, "MAX_LIFETIME_MINUTES"), minutes(rs, "DEFAULT_LIFETIME_MINUTES"),
                    rs.getBoolean("USABLE_ONCE"), rs.getInt("PASS_LENGTH")))
            .optional()
            .orElse(TapPolicy.ENTRA_DEFAULTS);
    }

    /** Keeps this policy; passes issued before it keep their terms. */
    void changePolicy(TapPolicy policy) {
        TapPolicyLimits.problem(policy).ifPresent((problem) -> {
            throw new IllegalArgumentException(problem);
        });
        this.jdbc.sql("""
                MERGE INTO DIRECTORY_TAP_POLICY P USING (VALUES (1)) AS S (ID) ON P.ID = S.ID
                WHEN MATCHED THEN UPDATE SET ENABLED = ?, MIN_LIFETIME_MINUTES = ?, MAX_LIFETIME_MINUTES = ?,
                    DEFAULT_LIFETIME_MINUTES = ?, USABLE_ONCE = ?, PASS_LENGTH = ?, UPDATED_AT = ?
                WHEN NOT MATCHED THEN INSERT (ID, ENABLED, MIN_LIFETIME_MINUTES, MAX_LIFETIME_MINUTES,
                    DEFAULT_LIFETIME_MINUTES, USABLE_ONCE, PASS_LENGTH, UPDATED_AT)
                    VALUES (1, ?, ?, ?, ?, ?, ?, ?)""")
            .params(policyValues(policy))
            .update();
    }

    private Object[] policyValues(TapPolicy policy) {
        Object[] once = { policy.enabled(), policy.minimumLifetime().toMinutes(), policy.maximumLifetime().toMinutes(),
                policy.defaultLifetime().toMinutes(), policy.usableOnce(), policy.length(),
                Timestamp.from(this.clock.instant()) };
        Object[] twice = new Object[once.length * 2];
        System.arraycopy(once, 0, twice, 0, once.length);
        System.arraycopy(once, 0, twice, once.length, once.length);
        return twice;
    }

    /**
     * A new pass for each user, in order, under the policy as it is now. A policy that allows no
     * such pass fails every user with its own words, before anything is generated or stored.
     */
    List<ResetResult> issue(List<DirectoryUser> users, PassRequest request) {
        TapPolicy policy = policy();
        Duration lifetime = request.lifetimeUnder(policy);
        Optional<String> refusal = policy.enabled() ? policy.lifetimeProblem(lifetime)
                : Optional.of("the Temporary Access Pass policy is disabled, so no pass may be issued");
        if (refusal.isPresent()) {
            return users.stream().map((user) -> ResetResult.failed(user, refusal.get())).toList();
        }
        Instant now = this.clock.instant();
        PassTerms terms = request.termsUnder(policy, now);
        List<Secret> passes = new ArrayList<>(users.size());
        for (int i = 0; i < users.size(); i++) {
            passes.add(generate(policy.length()));
        }
        List<String> hashes = this.hashing.hashAll(passes);
        List<ResetResult> results = store(users, passes, hashes, terms, Timestamp.from(now));
        for (int i = 0; i < results.size(); i++) {
            if (!results.get(i).succeeded()) {
                passes.get(i).destroy();
            }
        }
        return results;
    }

    private Secret generate(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET.charAt(this.random.nextInt(ALPHABET.length()));
        }
        return Secret.wrap(chars);
    }

    /** As {@code JdbcDirectory.resetPasswords} stores passwords: the batch first, then one by one if a row fails. */
    private List<ResetResult> store(List<DirectoryUser> users, List<Secret> passes, List<String> hashes,
            PassTerms terms, Timestamp now) {
        try {
            return this.ownTransaction.execute((status) -> {
                List<ResetResult> results = new ArrayList<>(users.size());
                if (this.batch == null) {
                    for (int i = 0; i < users.size(); i++) {
                        results.add(result(users.get(i), passes.get(i), terms, merge(users.get(i), hashes.get(i),
                                terms, now)));
                    }
                    return results;
                }
                int[] updated = this.batch.batchUpdate(ISSUE, new BatchPreparedStatementSetter() {

                    @Override
                    public void setValues(PreparedStatement statement, int i) throws SQLException {
                        Object[] values = values(users.get(i), hashes.get(i), terms, now);
                        for (int p = 0; p < values.length; p++) {
                            statement.setObject(p + 1, values[p]);
                        }
                    }

                    @Override
                    public int getBatchSize() {
                        return users.size();
                    }
                });
                for (int i = 0; i < users.size(); i++) {
                    results.add(result(users.get(i), passes.get(i), terms, updated[i]));
                }
                return results;
            });
        }
        catch (DataAccessException batchFailure) {
            if (DataDirectoryStorage.isDatabaseFileError(batchFailure)) {
                // Not one bad row but a database that cannot write: no user would fare better alone.
                throw batchFailure;
            }
            // One bad row rolled the batch back: redo each user alone so the others still go through.
            List<ResetResult> results = new ArrayList<>(users.size());
            for (int i = 0; i < users.size(); i++) {
                DirectoryUser user = users.get(i);
                Secret pass = passes.get(i);
                String hash = hashes.get(i);
                try {
                    results.add(this.ownTransaction.execute((status) -> result(user, pass, terms,
                            merge(user, hash, terms, now))));
                }
                catch (DataAccessException ex) {
                    if (DataDirectoryStorage.isDatabaseFileError(ex)) {
                        throw ex;
                    }
                    results.add(ResetResult.failed(user, "the directory could not store the new pass: "
                            + ex.getMostSpecificCause().getClass().getSimpleName()));
                }
            }
            return results;
        }
    }

    private int merge(DirectoryUser user, String hash, PassTerms terms, Timestamp now) {
        return this.jdbc.sql(ISSUE).params(values(user, hash, terms, now)).update();
    }

    private static Object[] values(DirectoryUser user, String hash, PassTerms terms, Timestamp now) {
        Timestamp start = Timestamp.from(terms.startsAt());
        Timestamp end = Timestamp.from(terms.endsAt());
        return new Object[] { user.key(), hash, start, end, terms.usableOnce(), now, hash, start, end,
                terms.usableOnce(), now };
    }

    private static ResetResult result(DirectoryUser user, Secret pass, PassTerms terms, int updated) {
        return (updated == 1) ? ResetResult.issued(user, pass, terms) : ResetResult.failed(user, GONE);
    }

    /**
     * A sign-in with what may be the user's pass, once their account is known to be active. The
     * first sign-in records its time (USED_AT); for a one-time pass that update is also what uses
     * it up, and only the sign-in whose update finds USED_AT still empty gets in: two at once
     * cannot both use it.
     */
    SignInAttempt signIn(String key, Secret secret) {
        for (int attempt = 1;; attempt++) {
            Optional<Stored> stored = this.jdbc.sql("SELECT PASS_HASH, " + PASS_COLUMNS
                    + " FROM DIRECTORY_TAP WHERE UPN_KEY = ?")
                .param(key)
                .query((rs, row) -> new Stored(rs.getString("PASS_HASH"), pass(rs)))
                .optional();
            if (stored.isEmpty() || !this.encoder.matches(secret.reveal(), stored.get().hash())) {
                return new SignInAttempt(Outcome.WRONG_SECRET, AccountState.ACTIVE, null);
            }
            TemporaryAccessPass pass = stored.get().pass();
            Instant now = this.clock.instant();
            if (now.isBefore(pass.terms().startsAt())) {
                return new SignInAttempt(Outcome.PASS_NOT_STARTED, AccountState.ACTIVE, pass);
            }
            if (!pass.terms().worksAt(now)) {
                return new SignInAttempt(Outcome.PASS_EXPIRED, AccountState.ACTIVE, pass);
            }
            if (pass.usedUp()) {
                return new SignInAttempt(Outcome.PASS_USED_UP, AccountState.ACTIVE, pass);
            }
            if (pass.usedAt() != null) {
                return new SignInAttempt(Outcome.PASS, AccountState.ACTIVE, pass);
            }
            int marked;
            try {
                marked = this.jdbc.sql("UPDATE DIRECTORY_TAP SET USED_AT = ? WHERE UPN_KEY = ? AND PASS_HASH = ? "
                        + "AND USED_AT IS NULL")
                    .params(Timestamp.from(now), key, stored.get().hash())
                    .update();
            }
            catch (ConcurrencyFailureException ex) {
                if (attempt >= 3) {
                    throw ex;
                }
                marked = 0; // another sign-in wrote the row first: read what it left
            }
            if (marked == 1) {
                return new SignInAttempt(Outcome.PASS, AccountState.ACTIVE,
                        new TemporaryAccessPass(pass.terms(), now));
            }
            // Another sign-in used the pass first, or a new pass replaced it: look again.
        }
    }

    /** True if the user has signed in with the pass they hold. */
    boolean used(String key) {
        return this.jdbc.sql("SELECT COUNT(*) FROM DIRECTORY_TAP WHERE UPN_KEY = ? AND USED_AT IS NOT NULL")
            .param(key)
            .query(Long.class)
            .single() > 0;
    }

    /** Deletes the user's pass if nobody has signed in with it and it has not ended. */
    boolean revoke(String key) {
        return this.jdbc.sql("DELETE FROM DIRECTORY_TAP WHERE UPN_KEY = ? AND USED_AT IS NULL AND ENDS_AT > ?")
            .params(key, Timestamp.from(this.clock.instant()))
            .update() == 1;
    }

    /** Every user's pass, by {@link DirectoryUser#key(String)}, without the passes. */
    Map<String, TemporaryAccessPass> all() {
        Map<String, TemporaryAccessPass> passes = new HashMap<>();
        this.jdbc.sql("SELECT UPN_KEY, " + PASS_COLUMNS + " FROM DIRECTORY_TAP")
            .query((ResultSet rs) -> {
                passes.put(rs.getString("UPN_KEY"), pass(rs));
            });
        return passes;
    }

    private static TemporaryAccessPass pass(ResultSet rs) throws SQLException {
        return new TemporaryAccessPass(new PassTerms(instant(rs, "STARTS_AT"), instant(rs, "ENDS_AT"),
                rs.getBoolean("USABLE_ONCE")), instant(rs, "USED_AT"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return (at != null) ? at.toInstant() : null;
    }

    private static Duration minutes(ResultSet rs, String column) throws SQLException {
        return Duration.ofMinutes(rs.getInt(column));
    }

    /** A pass's row: its hash, which never leaves this class, and its terms. */
    private record Stored(String hash, TemporaryAccessPass pass) {

        @Override
        public String toString() {
            return "Stored[hash=[hidden], pass=" + this.pass + "]";
        }
    }
}
