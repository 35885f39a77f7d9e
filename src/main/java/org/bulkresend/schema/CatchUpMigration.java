package org.bulkresend.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Version 2: brings a data directory made before migrations up to the tables of version 1. Such a
 * data directory is baselined at version 1 whatever its age, and releases before 0.1.0 created
 * their tables with {@code CREATE TABLE IF NOT EXISTS} and added later columns at start-up: the
 * oldest has only the job repository, {@code DIRECTORY_USER} and {@code RESEND_LEDGER}, without
 * their later columns. So this migration checks the catalogue and adds only what is missing:
 * <ul>
 * <li>each of bulk-resend's tables that does not exist, created by version 1's own statement (and
 * the Temporary Access Pass policy's seed row with it), so that there is one definition of each
 * table;</li>
 * <li>each column added since a table was first released;</li>
 * <li>each index of version 1 that does not exist.</li>
 * </ul>
 * On a database that version 1 created it changes nothing. HSQLDB only, like the version 1 it reads:
 * {@link DatabaseSchema#configure} registers it for HSQLDB alone, as no other database had tables
 * before migrations.
 */
final class CatchUpMigration implements JavaMigration {

    private static final String VERSION_1 = "db/migration/hsqldb/V1__job_repository_and_bulk_resend_tables.sql";

    /** In the order they can be created: a pass refers to its user. */
    private static final List<String> TABLES = List.of("DIRECTORY_USER", "DIRECTORY_TAP", "DIRECTORY_TAP_POLICY",
            "RESEND_LEDGER", "AUDIT_EVENT");

    /** Table, column, type: the columns added after their table was first released. */
    private static final String[][] LATER_COLUMNS = { { "RESEND_LEDGER", "MESSAGE_LANGUAGE", "VARCHAR(35)" },
            { "RESEND_LEDGER", "EXPIRES_AT", "TIMESTAMP WITH TIME ZONE" },
            { "RESEND_LEDGER", "EXPIRED_AT", "TIMESTAMP WITH TIME ZONE" },
            { "RESEND_LEDGER", "PASSWORD_CHANGED_AT", "TIMESTAMP WITH TIME ZONE" },
            { "RESEND_LEDGER", "MESSAGE_TIME_ZONE", "VARCHAR(64)" }, { "RESEND_LEDGER", "CREDENTIAL", "VARCHAR(16)" },
            { "DIRECTORY_USER", "TIME_ZONE", "VARCHAR(64)" } };

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "catch up a data directory made before migrations";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        List<String> version1 = statements(VERSION_1);
        try (Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                if (!exists(connection, table, null)) {
                    for (String sql : version1) {
                        if (sql.startsWith("CREATE CACHED TABLE " + table + " (")
                                || sql.startsWith("INSERT INTO " + table + " (")) {
                            statement.execute(sql);
                        }
                    }
                }
            }
            for (String[] column : LATER_COLUMNS) {
                if (!exists(connection, column[0], column[1])) {
                    statement.execute("ALTER TABLE " + column[0] + " ADD COLUMN " + column[1] + " " + column[2]
                            + " BEFORE UPDATED_AT");
                }
            }
            for (String sql : version1) {
                if (sql.startsWith("CREATE INDEX ")) {
                    statement.execute(sql.replaceFirst("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS "));
                }
            }
        }
    }

    /** Whether {@code table} exists, or when {@code column} is given, whether it has that column. */
    private static boolean exists(Connection connection, String table, String column) throws SQLException {
        String sql = (column != null)
                ? "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = ? AND COLUMN_NAME = ?"
                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ?";
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, table);
            if (column != null) {
                query.setString(2, column);
            }
            try (ResultSet count = query.executeQuery()) {
                count.next();
                return count.getLong(1) > 0;
            }
        }
    }

    /** Version 1's statements, without its comments: each ends with a semicolon at the end of a line. */
    private static List<String> statements(String resource) throws IOException {
        String script;
        try (InputStream in = CatchUpMigration.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing from the class path");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(current.isEmpty() ? "" : "\n").append(line.stripTrailing());
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1).stripTrailing());
                current.setLength(0);
            }
        }
        return statements;
    }
}
