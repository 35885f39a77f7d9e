package org.bulkresend.directory.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bulkresend.credential.PassRequest;
import org.bulkresend.credential.TapPolicy;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.directory.PasswordSignIn;
import org.bulkresend.password.ParallelHashing;
import org.bulkresend.password.PasswordStock;
import org.bulkresend.password.Secret;
import org.bulkresend.storage.DataDirectoryStorage;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded directory: users in the bulk-resend database, passwords stored only as
 * delegating-encoder hashes. A reset commits in its own transaction, before any message
 * goes out, so a message never carries a password the directory does not hold. That transaction
 * is named {@link DataDirectoryStorage#PASSWORD_RESET_TRANSACTION}: its commit fails
 * ({@link org.bulkresend.storage.StorageFailedException}) if the database could not write, or if
 * the data directory has no room left to record the messages that follow.
 * <p>
 * It issues Temporary Access Passes too ({@link JdbcTemporaryAccessPasses}), under a demo policy
 * of the same shape as Entra ID's, so that the demo and the tests show passes without a tenant.
 */
public class JdbcDirectory implements Directory, PasswordSignIn {

    private static final String COLUMNS = "USER_PRINCIPAL_NAME, DISPLAY_NAME, GIVEN_NAME, SURNAME, ACCOUNT_STATE, "
            + "ADMIN_ROLES, MAIL, ALTERNATE_EMAIL, PREFERRED_LANGUAGE, MUST_CHANGE_PASSWORD, PASSWORD_LAST_SET, TIME_ZONE";

    private static final String RESET = "UPDATE DIRECTORY_USER SET PASSWORD_HASH = ?, MUST_CHANGE_PASSWORD = TRUE, "
            + "PASSWORD_LAST_SET = ?, UPDATED_AT = ? WHERE UPN_KEY = ? AND ACCOUNT_STATE = 'ACTIVE'";

    private final JdbcClient jdbc;

    private final PasswordEncoder encoder;

    private final ParallelHashing hashing;

    private final PasswordStock stock;

    private final JdbcTemplate batch;

    private final TransactionTemplate ownTransaction;

    private final Clock clock;

    private final JdbcTemporaryAccessPasses passes;

    public JdbcDirectory(JdbcClient jdbc, PasswordEncoder encoder,
            PlatformTransactionManager transactionManager, Clock clock) {
        this(jdbc, null, encoder, 1, null, transactionManager, clock);
    }

    /**
     * @param batch stores a chunk's new passwords in one JDBC batch, or null for a statement each
     * @param hashThreads how many passwords of a chunk are hashed at once
     * @param stock where generated passwords come from hashed already, or null
     */
    public JdbcDirectory(JdbcClient jdbc, JdbcTemplate batch, PasswordEncoder encoder, int hashThreads,
            PasswordStock stock, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.encoder = encoder;
        this.hashing = new ParallelHashing(encoder, hashThreads);
        this.stock = stock;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.ownTransaction.setName(DataDirectoryStorage.PASSWORD_RESET_TRANSACTION);
        this.clock = clock;
        this.passes = new JdbcTemporaryAccessPasses(jdbc, batch, encoder, this.hashing, this.ownTransaction, clock);
    }

    @Override
    public Optional<DirectoryUser> find(String userPrincipalName) {
        return this.jdbc.sql("SELECT " + COLUMNS + " FROM DIRECTORY_USER WHERE UPN_KEY = ?")
            .param(DirectoryUser.key(userPrincipalName))
            .query(USER)
            .optional();
    }

    /** One query for a whole chunk's users. */
    @Override
    public Map<String, DirectoryUser> findAll(Collection<String> userPrincipalNames) {
        Map<String, DirectoryUser> found = new HashMap<>();
        List<String> keys = userPrincipalNames.stream().map(DirectoryUser::key).distinct().toList();
        if (keys.isEmpty()) {
            return found;
        }
        this.jdbc.sql("SELECT " + COLUMNS + " FROM DIRECTORY_USER WHERE UPN_KEY IN (:keys)")
            .param("keys", keys)
            .query(USER)
            .list()
            .forEach((user) -> found.put(user.key(), user));
        return found;
    }

    @Override
    public List<ResetResult> resetPasswords(List<PasswordReset> resets) {
        List<String> hashes = hashes(resets);
        Timestamp now = Timestamp.from(this.clock.instant());
        try {
            return this.ownTransaction.execute((status) -> {
                List<ResetResult> results = new ArrayList<>(resets.size());
                if (this.batch == null) {
                    for (int i = 0; i < resets.size(); i++) {
                        results.add(update(resets.get(i), hashes.get(i), now));
                    }
                    return results;
                }
                int[] updated = this.batch.batchUpdate(RESET, new BatchPreparedStatementSetter() {

                    @Override
                    public void setValues(PreparedStatement statement, int i) throws SQLException {
                        statement.setString(1, hashes.get(i));
                        statement.setTimestamp(2, now);
                        statement.setTimestamp(3, now);
                        statement.setString(4, resets.get(i).user().key());
                    }

                    @Override
                    public int getBatchSize() {
                        return resets.size();
                    }
                });
                for (int i = 0; i < resets.size(); i++) {
                    results.add(result(resets.get(i), updated[i]));
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
            List<ResetResult> results = new ArrayList<>(resets.size());
            for (int i = 0; i < resets.size(); i++) {
                PasswordReset reset = resets.get(i);
                DirectoryUser user = reset.user();
                String hash = hashes.get(i);
                try {
                    results.add(this.ownTransaction.execute((status) -> update(reset, hash, now)));
                }
                catch (DataAccessException ex) {
                    if (DataDirectoryStorage.isDatabaseFileError(ex)) {
                        throw ex;
                    }
                    results.add(ResetResult.failed(user, "the directory could not store the new password: "
                            + ex.getMostSpecificCause().getClass().getSimpleName()));
                }
            }
            return results;
        }
    }

    /** The stock's hashes of the passwords it gave out; every other password hashed on every core. */
    private List<String> hashes(List<PasswordReset> resets) {
        List<String> hashes = new ArrayList<>(resets.size());
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < resets.size(); i++) {
            String known = (this.stock != null) ? this.stock.hashOf(resets.get(i).password()) : null;
            hashes.add(known);
            if (known == null) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<String> computed = this.hashing
                .hashAll(missing.stream().map((i) -> resets.get(i).password()).toList());
            for (int m = 0; m < missing.size(); m++) {
                hashes.set(missing.get(m), computed.get(m));
            }
        }
        return hashes;
    }

    private ResetResult update(PasswordReset reset, String hash, Timestamp now) {
        return result(reset, this.jdbc.sql(RESET).params(hash, now, now, reset.user().key()).update());
    }

    private static ResetResult result(PasswordReset reset, int updated) {
        return (updated == 1) ? ResetResult.set(reset.user(), reset.password())
                : ResetResult.failed(reset.user(), "the account no longer exists or is no longer active");
    }

    @Override
    public TapPolicy temporaryAccessPassPolicy() {
        return this.passes.policy();
    }

    /** The policy for passes issued from now on; one Entra ID would refuse ({@link TapPolicyLimits}) is refused. */
    public void changeTemporaryAccessPassPolicy(TapPolicy policy) {
        this.passes.changePolicy(policy);
    }

    /** New passes, stored only as hashes; each user's password is left as it is. */
    @Override
    public List<ResetResult> issueTemporaryAccessPasses(List<DirectoryUser> users, PassRequest request) {
        return this.passes.issue(users, request);
    }

    /**
     * With no Authenticator or passkeys to register here, a user has done what the pass was for once
     * they signed in with it. Nothing else records that: a new pass, replacing the old, starts over.
     */
    @Override
    public boolean registeredSignInMethod(DirectoryUser user) {
        return this.passes.used(user.key());
    }

    /** Deletes a pass nobody signed in with that has not ended; one signed in with stays, as that record. */
    @Override
    public boolean revokeTemporaryAccessPass(DirectoryUser user) {
        return this.passes.revoke(user.key());
    }

    /** Each user's pass by {@link DirectoryUser#key()}, its terms and its use, never the pass. */
    public Map<String, TemporaryAccessPass> temporaryAccessPasses() {
        return this.passes.all();
    }

    /** A user who signs in with a temporary password must change it, which clears the flag. */
    @Override
    public boolean passwordReplacedSince(DirectoryUser user, Instant since) {
        return !user.mustChangePassword() || Directory.super.passwordReplacedSince(user, since);
    }

    /**
     * True if the secret is the user's password (whatever the account's state, which the operator's
     * sign-in names itself), or an active user's working pass, which a one-time pass is used up by.
     */
    @Override
    public boolean verifyPassword(String userPrincipalName, Secret password) {
        SignInAttempt attempt = signIn(userPrincipalName, password);
        return attempt.succeeded() || (attempt.outcome() == SignInAttempt.Outcome.NOT_ACTIVE
                && passwordMatches(userPrincipalName, password));
    }

    /** True if the password matches the user's stored hash; a pass is not looked at, and nothing is used up. */
    public boolean passwordMatches(String userPrincipalName, Secret password) {
        return this.jdbc.sql("SELECT PASSWORD_HASH FROM DIRECTORY_USER WHERE UPN_KEY = ?")
            .param(DirectoryUser.key(userPrincipalName))
            .query(String.class)
            .optional()
            .map((hash) -> this.encoder.matches(password.reveal(), hash))
            .orElse(false);
    }

    /**
     * A sign-in with the user's password or Temporary Access Pass, saying which worked or why
     * neither did ({@code directory sign-in}); a one-time pass is used up by it.
     */
    public SignInAttempt signIn(String userPrincipalName, Secret secret) {
        DirectoryUser user = find(userPrincipalName).orElse(null);
        if (user == null || user.state() != AccountState.ACTIVE) {
            return new SignInAttempt((user == null) ? SignInAttempt.Outcome.NO_SUCH_USER
                    : SignInAttempt.Outcome.NOT_ACTIVE, (user == null) ? null : user.state(), null);
        }
        return passwordMatches(userPrincipalName, secret)
                ? new SignInAttempt(SignInAttempt.Outcome.PASSWORD, AccountState.ACTIVE, null)
                : this.passes.signIn(user.key(), secret);
    }

    @Override
    public boolean hasPassword(String userPrincipalName) {
        return this.jdbc.sql("SELECT COUNT(*) FROM DIRECTORY_USER WHERE UPN_KEY = ? AND PASSWORD_HASH IS NOT NULL")
            .param(DirectoryUser.key(userPrincipalName))
            .query(Long.class)
            .single() > 0;
    }

    /** Sets a user's own password (an operator's), without asking for a change at next sign-in. */
    public void setPassword(String userPrincipalName, Secret password) {
        Timestamp now = Timestamp.from(this.clock.instant());
        this.jdbc.sql("UPDATE DIRECTORY_USER SET PASSWORD_HASH = ?, MUST_CHANGE_PASSWORD = FALSE, PASSWORD_LAST_SET = ?, "
                + "UPDATED_AT = ? WHERE UPN_KEY = ?")
            .params(this.encoder.encode(password.reveal()), now, now, DirectoryUser.key(userPrincipalName))
            .update();
    }

    /** Adds the user, or updates every attribute but the password of an existing one. */
    public boolean upsert(DirectoryUser user) {
        Timestamp now = Timestamp.from(this.clock.instant());
        int updated = this.jdbc.sql("""
                UPDATE DIRECTORY_USER SET USER_PRINCIPAL_NAME = ?, DISPLAY_NAME = ?, GIVEN_NAME = ?, SURNAME = ?,
                    ACCOUNT_STATE = ?, ADMIN_ROLES = ?, MAIL = ?, ALTERNATE_EMAIL = ?, PREFERRED_LANGUAGE = ?,
                    TIME_ZONE = ?, UPDATED_AT = ?
                WHERE UPN_KEY = ?""")
            .params(user.userPrincipalName(), user.displayName(), user.givenName(), user.surname(),
                    user.state().name(), roles(user.roles()), user.mail(), user.alternateEmail(),
                    user.preferredLanguage(), user.timeZone(), now, user.key())
            .update();
        if (updated == 1) {
            return false;
        }
        this.jdbc.sql("""
                INSERT INTO DIRECTORY_USER (UPN_KEY, USER_PRINCIPAL_NAME, DISPLAY_NAME, GIVEN_NAME, SURNAME,
                    ACCOUNT_STATE, ADMIN_ROLES, MAIL, ALTERNATE_EMAIL, PREFERRED_LANGUAGE, TIME_ZONE,
                    MUST_CHANGE_PASSWORD, UPDATED_AT)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?)""")
            .params(user.key(), user.userPrincipalName(), user.displayName(), user.givenName(), user.surname(),
                    user.state().name(), roles(user.roles()), user.mail(), user.alternateEmail(),
                    user.preferredLanguage(), user.timeZone(), now)
            .update();
        return true;
    }

    public long count() {
        return this.jdbc.sql("SELECT COUNT(*) FROM DIRECTORY_USER").query(Long.class).single();
    }

    public List<DirectoryUser> list() {
        return this.jdbc.sql("SELECT " + COLUMNS + " FROM DIRECTORY_USER ORDER BY UPN_KEY").query(USER).list();
    }

    private static String roles(Set<AdminRole> roles) {
        return roles.stream().map(Enum::name).sorted().collect(Collectors.joining(";"));
    }

    private static final RowMapper<DirectoryUser> USER = JdbcDirectory::mapUser;

    private static DirectoryUser mapUser(ResultSet rs, int row) throws SQLException {
        Set<AdminRole> roles = EnumSet.noneOf(AdminRole.class);
        for (String role : rs.getString("ADMIN_ROLES").split(";")) {
            if (!role.isBlank()) {
                roles.add(AdminRole.valueOf(role));
            }
        }
        OffsetDateTime lastSet = rs.getObject("PASSWORD_LAST_SET", OffsetDateTime.class);
        Instant passwordLastSet = (lastSet != null) ? lastSet.toInstant() : null;
        return new DirectoryUser(rs.getString("USER_PRINCIPAL_NAME"), rs.getString("DISPLAY_NAME"),
                rs.getString("GIVEN_NAME"), rs.getString("SURNAME"), AccountState.valueOf(rs.getString("ACCOUNT_STATE")),
                roles, rs.getString("MAIL"), rs.getString("ALTERNATE_EMAIL"), rs.getString("PREFERRED_LANGUAGE"),
                rs.getBoolean("MUST_CHANGE_PASSWORD"), passwordLastSet, null, rs.getString("TIME_ZONE"));
    }

}
