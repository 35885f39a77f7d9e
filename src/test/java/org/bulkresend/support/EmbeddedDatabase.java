package org.bulkresend.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bulkresend.password.PasswordHashing;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Reads the embedded database the way an auditor would, after a command has closed it: plain
 * JDBC, nothing of the product's code in between. Or the PostgreSQL database the commands used
 * instead ({@link #of(PostgresServer.Database)}), its columns named in capitals as HSQLDB names
 * them, so that a test reads both alike.
 */
public final class EmbeddedDatabase {

    private static final PasswordEncoder ENCODER = PasswordHashing.encoder(4);

    private final Path dataDir;

    private final PostgresServer.Database postgres;

    public EmbeddedDatabase(Path dataDir) {
        this(dataDir, null);
    }

    private EmbeddedDatabase(Path dataDir, PostgresServer.Database postgres) {
        this.dataDir = dataDir;
        this.postgres = postgres;
    }

    /** The PostgreSQL database a test's commands used with {@code --database}. */
    public static EmbeddedDatabase of(PostgresServer.Database postgres) {
        return new EmbeddedDatabase(null, postgres);
    }

    private Connection connect() throws SQLException {
        if (this.postgres != null) {
            return this.postgres.connect();
        }
        String url = "jdbc:hsqldb:file:" + this.dataDir.resolve("db/bulk-resend") + ";ifexists=true;shutdown=true";
        return DriverManager.getConnection(url, "SA", "");
    }

    public List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                        String label = rs.getMetaData().getColumnLabel(c);
                        row.put((this.postgres != null) ? label.toUpperCase(Locale.ROOT) : label, rs.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Runs one statement that changes the database, as an older version or an admin's tool would. */
    public void update(String sql, Object... params) {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Removes the schema's history, as a data directory made before migrations (release 0.1.0 and
     * older) has none, and what the migrations after the catch-up added, which it never had: the
     * next start baselines it and brings its tables up to date.
     */
    public void forgetMigrations() {
        update("DROP TABLE \"flyway_schema_history\"");
        update("DROP INDEX AUDIT_EVENT_BY_SENDER");
        update("ALTER TABLE AUDIT_EVENT DROP COLUMN SENDER");
        update("DROP TABLE SENDER_QUOTA");
        update("DROP TABLE SENDER_HOLD");
    }

    /**
     * Principal name (lower case) to password hash, for the users bulk-resend reset: those whose
     * password must change at next sign-in (an operator's own password is not among them).
     */
    public Map<String, String> passwordHashes() {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Map<String, Object> row : query("SELECT UPN_KEY, PASSWORD_HASH FROM DIRECTORY_USER "
                + "WHERE PASSWORD_HASH IS NOT NULL AND MUST_CHANGE_PASSWORD = TRUE ORDER BY UPN_KEY")) {
            hashes.put((String) row.get("UPN_KEY"), (String) row.get("PASSWORD_HASH"));
        }
        return hashes;
    }

    public Map<String, Object> user(String userPrincipalName) {
        return query("SELECT * FROM DIRECTORY_USER WHERE UPN_KEY = ?", userPrincipalName.toLowerCase()).get(0);
    }

    public boolean passwordMatches(String userPrincipalName, String password) {
        Object hash = user(userPrincipalName).get("PASSWORD_HASH");
        return hash != null && ENCODER.matches(password, (String) hash);
    }

    /**
     * The user signs in with their temporary password and chooses their own, as the embedded
     * directory's sign-in would make them: a new hash, no change required, set now.
     */
    public void userChangesPassword(String userPrincipalName, String newPassword) {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement("UPDATE DIRECTORY_USER SET PASSWORD_HASH = ?, "
                        + "MUST_CHANGE_PASSWORD = FALSE, PASSWORD_LAST_SET = CURRENT_TIMESTAMP WHERE UPN_KEY = ?")) {
            statement.setString(1, ENCODER.encode(newPassword));
            statement.setString(2, userPrincipalName.toLowerCase());
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("no user " + userPrincipalName);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Moves every time bulk-resend recorded (ledger, audit trail, directory password times) back by
     * this much, as if it had passed.
     */
    public void timePasses(java.time.Duration duration) {
        long seconds = duration.toSeconds();
        java.util.function.Function<String, String> back = (column) -> column + " = TIMESTAMPADD(SQL_TSI_SECOND, -"
                + seconds + ", " + column + ")";
        update("UPDATE RESEND_LEDGER SET " + String.join(", ", List.of("RESET_AT", "NOTIFIED_AT", "EXPIRES_AT",
                "EXPIRED_AT", "PASSWORD_CHANGED_AT", "UPDATED_AT").stream().map(back).toList()));
        update("UPDATE AUDIT_EVENT SET " + back.apply("OCCURRED_AT"));
        update("UPDATE DIRECTORY_USER SET " + back.apply("PASSWORD_LAST_SET"));
    }

    public List<Map<String, Object>> ledger() {
        return query("SELECT * FROM RESEND_LEDGER ORDER BY JOB_INSTANCE_ID, LINE_NUMBER");
    }
}
