package org.bulkresend.directory.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.password.Secret;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded directory: users in the bulk-resend database, passwords stored only as
 * delegating-encoder hashes. A reset commits in its own transaction, before any message
 * goes out, so a message never carries a password the directory does not hold.
 */
public class JdbcDirectory implements Directory {

    private static final String COLUMNS = "USER_PRINCIPAL_NAME, DISPLAY_NAME, GIVEN_NAME, SURNAME, ACCOUNT_STATE, "
            + "ADMIN_ROLES, MAIL, ALTERNATE_EMAIL, PREFERRED_LANGUAGE, MUST_CHANGE_PASSWORD, PASSWORD_LAST_SET";

    private final JdbcClient jdbc;

    private final PasswordEncoder encoder;

    private final TransactionTemplate ownTransaction;

    private final Clock clock;

    public JdbcDirectory(JdbcClient jdbc, PasswordEncoder encoder,
            PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    @Override
    public Optional<DirectoryUser> find(String userPrincipalName) {
        return this.jdbc.sql("SELECT " + COLUMNS + " FROM DIRECTORY_USER WHERE UPN_KEY = ?")
            .param(DirectoryUser.key(userPrincipalName))
            .query(USER)
            .optional();
    }

    @Override
    public List<ResetResult> resetPasswords(List<PasswordReset> resets) {
        List<String> hashes = resets.stream().map((reset) -> hash(reset.password())).toList();
        Timestamp now = Timestamp.from(this.clock.instant());
        try {
            return this.ownTransaction.execute((status) -> {
                List<ResetResult> results = new ArrayList<>(resets.size());
                for (int i = 0; i < resets.size(); i++) {
                    results.add(update(resets.get(i).user(), hashes.get(i), now));
                }
                return results;
            });
        }
        catch (DataAccessException batchFailure) {
            // One bad row rolled the batch back: redo each user alone so the others still go through.
            List<ResetResult> results = new ArrayList<>(resets.size());
            for (int i = 0; i < resets.size(); i++) {
                DirectoryUser user = resets.get(i).user();
                String hash = hashes.get(i);
                try {
                    results.add(this.ownTransaction.execute((status) -> update(user, hash, now)));
                }
                catch (DataAccessException ex) {
                    results.add(new ResetResult(user, "the directory could not store the new password: "
                            + ex.getMostSpecificCause().getClass().getSimpleName()));
                }
            }
            return results;
        }
    }

    private String hash(Secret password) {
        return this.encoder.encode(password.reveal());
    }

    private ResetResult update(DirectoryUser user, String hash, Timestamp now) {
        int updated = this.jdbc
            .sql("UPDATE DIRECTORY_USER SET PASSWORD_HASH = ?, MUST_CHANGE_PASSWORD = TRUE, PASSWORD_LAST_SET = ?, "
                    + "UPDATED_AT = ? WHERE UPN_KEY = ? AND ACCOUNT_STATE = 'ACTIVE'")
            .params(hash, now, now, user.key())
            .update();
        return (updated == 1) ? new ResetResult(user, null)
                : new ResetResult(user, "the account no longer exists or is no longer active");
    }

    /** True if the password matches the user's stored hash (an operator signing in). */
    public boolean verifyPassword(String userPrincipalName, Secret password) {
        return this.jdbc.sql("SELECT PASSWORD_HASH FROM DIRECTORY_USER WHERE UPN_KEY = ?")
            .param(DirectoryUser.key(userPrincipalName))
            .query(String.class)
            .optional()
            .map((hash) -> this.encoder.matches(password.reveal(), hash))
            .orElse(false);
    }

    /** Sets a user's own password (an operator's), without asking for a change at next sign-in. */
    public void setPassword(String userPrincipalName, Secret password) {
        Timestamp now = Timestamp.from(this.clock.instant());
        this.jdbc.sql("UPDATE DIRECTORY_USER SET PASSWORD_HASH = ?, MUST_CHANGE_PASSWORD = FALSE, PASSWORD_LAST_SET = ?, "
                + "UPDATED_AT = ? WHERE UPN_KEY = ?")
            .params(hash(password), now, now, DirectoryUser.key(userPrincipalName))
            .update();
    }

    /** Adds the user, or updates every attribute but the password of an existing one. */
    public boolean upsert(DirectoryUser user) {
        Timestamp now = Timestamp.from(this.clock.instant());
        int updated = this.jdbc.sql("""
                UPDATE DIRECTORY_USER SET USER_PRINCIPAL_NAME = ?, DISPLAY_NAME = ?, GIVEN_NAME = ?, SURNAME = ?,
                    ACCOUNT_STATE = ?, ADMIN_ROLES = ?, MAIL = ?, ALTERNATE_EMAIL = ?, PREFERRED_LANGUAGE = ?,
                    UPDATED_AT = ?
                WHERE UPN_KEY = ?""")
            .params(user.userPrincipalName(), user.displayName(), user.givenName(), user.surname(),
                    user.state().name(), roles(user.roles()), user.mail(), user.alternateEmail(),
                    user.preferredLanguage(), now, user.key())
            .update();
        if (updated == 1) {
            return false;
        }
        this.jdbc.sql("""
                INSERT INTO DIRECTORY_USER (UPN_KEY, USER_PRINCIPAL_NAME, DISPLAY_NAME, GIVEN_NAME, SURNAME,
                    ACCOUNT_STATE, ADMIN_ROLES, MAIL, ALTERNATE_EMAIL, PREFERRED_LANGUAGE, MUST_CHANGE_PASSWORD,
                    UPDATED_AT)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?)""")
            .params(user.key(), user.userPrincipalName(), user.displayName(), user.givenName(), user.surname(),
                    user.state().name(), roles(user.roles()), user.mail(), user.alternateEmail(),
                    user.preferredLanguage(), now)
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
                rs.getBoolean("MUST_CHANGE_PASSWORD"), passwordLastSet);
    }

}
